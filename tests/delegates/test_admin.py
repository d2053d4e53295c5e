"""The secretariat's admin: snippets with history, upload of a delegate list."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from core.roles import CLERK, ensure_roles
from delegates.models import CorrectionRequest, Person
from tests.delegates.test_import import ROWS, make_csv, structure  # noqa: F401
from tests.factories import UserFactory, delegate_user, secretariat_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(db):
    user = secretariat_user()
    user.groups.add(ensure_roles()[CLERK])
    return type(user).objects.get(pk=user.pk)


@pytest.mark.parametrize(
    "model", ["person", "term", "body", "constituency", "membership", "correctionrequest"]
)
def test_delegate_records_are_snippets_the_clerk_can_list(client, clerk, model):
    user = delegate_user()
    CorrectionRequest.objects.create(person=user.person, field_name="phone", message="Sửa số")
    client.force_login(clerk)
    response = client.get(f"/quan-tri/snippets/delegates/{model}/")
    assert response.status_code == 200


def test_person_snippet_has_history_and_the_private_record(demo, client, clerk):
    client.force_login(clerk)
    person = Person.objects.get(full_name="Nguyễn Văn An")
    edit = client.get(f"/quan-tri/snippets/delegates/person/edit/{person.pk}/")
    assert edit.status_code == 200
    assert person.id_number in edit.content.decode()
    history = client.get(f"/quan-tri/snippets/delegates/person/history/{person.pk}/")
    assert history.status_code == 200


def test_clerk_uploads_a_csv_in_the_admin(client, clerk, structure):  # noqa: F811
    client.force_login(clerk)
    page = client.get("/quan-tri/dai-bieu/nhap/")
    assert page.status_code == 200 and "Nhập danh sách đại biểu" in page.content.decode()
    upload = SimpleUploadedFile("dai-bieu.csv", make_csv(ROWS), content_type="text/csv")
    response = client.post("/quan-tri/dai-bieu/nhap/", {"file": upload})
    html = response.content.decode()
    assert response.status_code == 200 and "Đã nhập 3 dòng" in html
    assert Person.objects.count() == 3


def test_admin_upload_shows_every_error_and_writes_nothing(client, clerk, structure):  # noqa: F811
    client.force_login(clerk)
    rows = [list(row) for row in ROWS]
    rows[0][12] = "31/2/2024"
    rows[1][1] = "=1+1"
    upload = SimpleUploadedFile("dai-bieu.csv", make_csv(rows), content_type="text/csv")
    html = client.post("/quan-tri/dai-bieu/nhap/", {"file": upload}).content.decode()
    assert "có 2 lỗi" in html and "chưa ghi gì" in html
    assert "31/2/2024 không có thật" in html and "giống công thức" in html
    assert Person.objects.count() == 0


def test_admin_upload_dry_run_writes_nothing(client, clerk, structure):  # noqa: F811
    client.force_login(clerk)
    upload = SimpleUploadedFile("dai-bieu.csv", make_csv(ROWS), content_type="text/csv")
    html = client.post("/quan-tri/dai-bieu/nhap/", {"file": upload, "dry_run": "on"})
    assert "chế độ chỉ kiểm tra" in html.content.decode()
    assert Person.objects.count() == 0


def test_upload_is_refused_to_users_without_permission(client, db):
    user = UserFactory(username="bientap", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get("/quan-tri/dai-bieu/nhap/").status_code in (302, 403)
    client.logout()
    assert client.get("/quan-tri/dai-bieu/nhap/").status_code == 302
