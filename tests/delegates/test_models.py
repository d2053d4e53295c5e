"""Person records: slugs made from names, system paths never taken; correction handling."""

import pytest
from django.core.exceptions import ValidationError

from delegates.models import CorrectionRequest, Person
from tests.factories import delegate_user

pytestmark = pytest.mark.django_db


def test_slug_is_made_from_the_name_without_diacritics_and_kept_unique():
    first = Person.objects.create(key="K1", full_name="Đặng Thị Hương")
    second = Person.objects.create(key="K2", full_name="Đặng Thị Hương")
    assert first.slug == "dang-thi-huong" and second.slug == "dang-thi-huong-2"
    assert first.folded_name == "dang thi huong"


@pytest.mark.parametrize("slug", ["ho-so-cua-toi", "khoa-xvi", "kich-hoat"])
def test_system_paths_cannot_be_a_person_slug(slug):
    person = Person(key="K3", full_name="Ai Đó", slug=slug)
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    assert "slug" in error.value.message_dict


def test_handling_a_correction_request_records_when():
    user = delegate_user()
    request = CorrectionRequest.objects.create(
        person=user.person, field_name="email", message="Thư mới"
    )
    assert request.handled_at is None
    request.status = CorrectionRequest.Status.DONE
    request.save()
    assert request.handled_at is not None
    assert str(request).startswith(user.person.full_name)
