"""Document numbers: parsed, validated, normalised, unique per year and symbol."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from library import numbers
from library.models import ArchiveDocument, DocumentKind
from tests.factories import ArchiveDocumentFactory


@pytest.mark.parametrize(
    ("typed", "canonical", "key_year", "key"),
    [
        ("15/2024/NQ-HĐND", "15/2024/NQ-HĐND", None, "2024:15/nq-hdnd"),
        ("15 / 2024 / nq-hđnd", "15/2024/NQ-HĐND", None, "2024:15/nq-hdnd"),
        ("123/NQ-HĐND", "123/NQ-HĐND", 2025, "2025:123/nq-hdnd"),
        ("45/ttr-ubnd", "45/TTr-UBND", 2026, "2026:45/ttr-ubnd"),
        ("31/BC–KTNS", "31/BC-KTNS", 2026, "2026:31/bc-ktns"),
        ("02/BB-HĐND", "02/BB-HĐND", 2026, "2026:2/bb-hdnd"),
    ],
)
def test_numbers_are_normalised_and_keyed(typed, canonical, key_year, key):
    parsed = numbers.parse(typed)
    assert parsed.text == canonical
    assert parsed.key(key_year) == key


@pytest.mark.parametrize(
    "typed",
    [
        "NQ-HĐND",
        "15/2024",
        "15-2024-NQ-HĐND",
        "abc/NQ-HĐND",
        "0/NQ-HĐND",
        "15/1800/NQ-HĐND",
        "15/2024/NQ",
    ],
)
def test_malformed_numbers_get_a_vietnamese_error(typed):
    with pytest.raises(ValidationError) as error:
        numbers.parse(typed)
    assert any(
        word in error.value.messages[0]
        for word in ("không đúng dạng", "phải lớn hơn 0", "không hợp lệ")
    )


def test_slug_is_readable():
    assert numbers.parse("15/2024/NQ-HĐND").slug() == "15-2024-nq-hdnd"
    assert numbers.parse("123/NQ-HĐND").slug(2025) == "123-nq-hdnd-2025"


@pytest.mark.django_db
def test_document_gets_slug_key_and_kind_from_its_number():
    document = ArchiveDocumentFactory(number="15/2024/nq-hđnd", kind=DocumentKind.OTHER)
    assert document.number == "15/2024/NQ-HĐND"
    assert document.slug == "15-2024-nq-hdnd"
    assert document.number_key == "2024:15/nq-hdnd"
    assert document.kind == DocumentKind.RESOLUTION_NORMATIVE


@pytest.mark.django_db
def test_draft_without_number_gets_a_slug_without_its_title():
    document = ArchiveDocumentFactory(
        number="", title="Dự thảo nghị quyết bí mật", kind=DocumentKind.DRAFT_RESOLUTION
    )
    assert document.slug.startswith("du-thao-nghi-quyet-")
    assert "bi-mat" not in document.slug


@pytest.mark.django_db
def test_duplicate_number_in_same_year_is_refused_and_nothing_saved():
    ArchiveDocumentFactory(number="15/2024/NQ-HĐND")
    duplicate = ArchiveDocument(title="Nghị quyết khác", number="15/2024/nq-hdnd")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean(exclude=["file"])
    assert "đã được dùng" in str(error.value)
    assert ArchiveDocument.objects.count() == 1


@pytest.mark.django_db
def test_same_number_in_another_year_is_allowed():
    ArchiveDocumentFactory(number="123/NQ-HĐND", issued_on=datetime.date(2025, 7, 1))
    other = ArchiveDocumentFactory(number="123/NQ-HĐND", issued_on=datetime.date(2026, 7, 1))
    assert other.slug == "123-nq-hdnd-2026"


@pytest.mark.django_db
def test_number_without_year_needs_an_issue_date():
    document = ArchiveDocument(title="Nghị quyết", number="123/NQ-HĐND")
    with pytest.raises(ValidationError) as error:
        document.full_clean(exclude=["file"])
    assert "ngày ban hành" in str(error.value)


@pytest.mark.django_db
def test_year_in_number_must_match_issue_date():
    document = ArchiveDocument(
        title="Nghị quyết", number="15/2024/NQ-HĐND", issued_on=datetime.date(2025, 1, 2)
    )
    with pytest.raises(ValidationError) as error:
        document.full_clean(exclude=["file"])
    assert "khác năm" in str(error.value)


@pytest.mark.django_db
def test_malformed_number_is_never_saved():
    with pytest.raises(ValidationError):
        ArchiveDocument(title="Sai số", number="NQ/HĐND/15").save()
    assert not ArchiveDocument.objects.exists()
