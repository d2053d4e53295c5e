"""Digital signatures verified at upload; the document page's badge says what they mean."""

import pytest
from django.template.loader import render_to_string

from ingest.importer import import_batch
from ingest.models import SignatureCheck
from ingest.signatures import read_signatures, signature_badge
from library.models import DocumentVersion

from . import batches, hostile, signing

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def authority():
    return signing.make_authority()


@pytest.fixture
def trust(settings, tmp_path, authority):
    path = tmp_path / "trust" / "root.pem"
    path.parent.mkdir()
    path.write_bytes(authority.root_pem())
    settings.INGEST_SIGNATURE_TRUST_ROOTS = [str(path.parent)]
    return path


def signed_doc(authority) -> bytes:
    return signing.sign_pdf(hostile.text_doc("Nghị quyết đã ký số"), authority)


def import_file(data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = import_batch(batches.make_zip([batches.row(1)], {"nq-1.pdf": data}))
    assert report.ok, report.as_text()
    return DocumentVersion.objects.get()


def test_signed_and_trusted_file_shows_a_valid_badge(
    trust, authority, django_capture_on_commit_callbacks
):
    version = import_file(signed_doc(authority), django_capture_on_commit_callbacks)
    check = SignatureCheck.objects.get(version=version)
    assert check.status == "valid" and check.intact and check.trusted
    assert check.signer == "Nguyễn Văn An" and check.signed_at is not None
    badge = signature_badge(version)
    assert badge["state"] == "valid" and badge["original_is_served"]
    html = render_to_string("ingest/signature_badge.html", {"badge": badge})
    assert "Chữ ký số hợp lệ" in html and "Nguyễn Văn An" in html
    assert "bản gốc có chữ ký số" in html.lower()


def test_signature_from_an_unknown_authority_is_untrusted(authority, settings):
    settings.INGEST_SIGNATURE_TRUST_ROOTS = []
    [info] = read_signatures(signed_doc(authority))
    assert info.status == "untrusted" and info.intact and not info.trusted


def test_file_changed_after_signing_shows_modified(trust, authority):
    modified = signing.modify_after_signing(signed_doc(authority))
    [info] = read_signatures(modified)
    assert info.status == "modified"
    assert not info.covers_whole_file


def test_bytes_tampered_inside_the_signed_range_show_modified(trust, authority):
    signed = signed_doc(authority)
    start = signed.index(b"stream") + 20  # inside the first content stream: signed bytes
    tampered = bytearray(signed)
    tampered[start] = ord("X") if tampered[start] != ord("X") else ord("Y")
    [info] = read_signatures(bytes(tampered))
    assert info.status == "modified" and not info.intact


def test_unsigned_file_has_no_badge(django_capture_on_commit_callbacks):
    version = import_file(hostile.text_doc(), django_capture_on_commit_callbacks)
    assert signature_badge(version) is None
    assert render_to_string("ingest/signature_badge.html", {"badge": None}).strip() == ""


def test_badge_offers_the_signed_original_for_download(
    client, trust, authority, django_capture_on_commit_callbacks
):
    signed = signed_doc(authority)
    version = import_file(signed, django_capture_on_commit_callbacks)
    badge = signature_badge(version)
    html = render_to_string("ingest/signature_badge.html", {"badge": badge})
    assert "Tải bản gốc có chữ ký số" in html
    response = client.get(badge["original_url"] + "?tai=1")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == signed
