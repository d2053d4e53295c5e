"""One hostile-file check for every upload path: what it accepts, cleans and refuses."""

import io
import unicodedata

import pikepdf
import pytest
from django.core.exceptions import ValidationError

from ingest.filecheck import check_upload, find_active_content, safe_display_name

from . import hostile


def refused(data, name, **kwargs) -> str:
    with pytest.raises(ValidationError) as info:
        check_upload(data, name, **kwargs)
    return " ".join(info.value.messages)


def test_ordinary_text_pdf_passes_unchanged_with_its_page_count():
    data = hostile.text_doc(pages=3)
    checked = check_upload(io.BytesIO(data), "Nghị quyết 15.pdf")
    assert checked.data == data
    assert checked.kind == "pdf" and checked.page_count == 3
    assert checked.original is None and not checked.removed
    assert checked.content_type == "application/pdf"


def test_truncated_pdf_is_refused_as_damaged():
    message = refused(hostile.truncated_pdf(), "bao-cao.pdf")
    assert "bị hỏng hoặc không đầy đủ" in message and "xuất lại" in message


def test_encrypted_pdf_is_refused_with_a_message_about_the_password():
    message = refused(hostile.encrypted_pdf(), "mat-khau.pdf")
    assert "mật khẩu" in message and "gỡ mật khẩu" in message


def test_javascript_openaction_launch_and_embedded_file_are_stripped_and_original_kept():
    data = hostile.active_pdf()
    checked = check_upload(data, "co-ma-doc.pdf")
    assert checked.original == data
    assert checked.data != data
    labels = " ".join(checked.removed)
    for expected in ("JavaScript", "OpenAction", "Launch", "tệp đính kèm"):
        assert expected in labels
    with pikepdf.open(io.BytesIO(checked.data)) as pdf:
        assert find_active_content(pdf) == []
        assert "/OpenAction" not in pdf.Root
        assert len(pdf.attachments) == 0
        assert len(pdf.pages) == 1
    assert b"cmd.exe" not in checked.data and b"app.alert" not in checked.data


def test_active_pdf_can_be_refused_instead_of_cleaned():
    message = refused(hostile.active_pdf(), "co-ma-doc.pdf", strip_active=False)
    assert "có thể gây hại" in message


def test_png_renamed_pdf_is_refused_by_content():
    message = refused(hostile.png_bytes(), "nghi-quyet.pdf")
    assert "ảnh PNG" in message


def test_pdf_renamed_docx_is_refused_because_name_and_content_differ():
    message = refused(hostile.text_doc(), "bao-cao.docx")
    assert ".docx" in message and "PDF" in message


def test_zip_bomb_is_refused(settings):
    settings.INGEST_ZIP_MAX_UNCOMPRESSED = 32 * 1024 * 1024
    message = refused(hostile.zip_bomb(40), "lo.zip", allowed={"zip"})
    assert "bom nén" in message


def test_zip_bomb_by_ratio_alone_is_refused():
    message = refused(hostile.zip_bomb(8), "lo.zip", allowed={"zip"})
    assert "bom nén" in message


def test_docx_that_is_really_a_zip_bomb_is_refused():
    message = refused(hostile.docx_bomb(8), "to-trinh.docx")
    assert "bom nén" in message


def test_zip_with_parent_directory_members_is_refused():
    message = refused(hostile.traversal_zip(), "lo.zip", allowed={"zip"})
    assert "không an toàn" in message


def test_too_many_members_are_refused(settings):
    settings.INGEST_ZIP_MAX_MEMBERS = 3
    data = hostile.zip_bytes({f"{n}.pdf": b"%PDF-1.4" for n in range(5)})
    assert "vượt giới hạn" in refused(data, "lo.zip", allowed={"zip"})


def test_ordinary_docx_passes_and_asks_for_pdf_conversion():
    checked = check_upload(hostile.docx_bytes(), "to-trinh.docx")
    assert checked.kind == "docx" and checked.needs_pdf_conversion


def test_epub_that_opens_passes_and_one_that_does_not_is_refused():
    assert check_upload(hostile.epub_bytes(), "sach.epub").kind == "epub"
    assert "không mở được" in refused(hostile.broken_epub(), "sach.epub")


def test_kind_not_allowed_here_is_refused():
    assert "chỉ nhận" in refused(hostile.docx_bytes(), "a.docx", allowed={"pdf"})


def test_empty_and_oversized_files_are_refused(settings):
    assert "rỗng" in refused(b"", "a.pdf")
    settings.INGEST_MAX_FILE_BYTES = 1000
    assert "quá lớn" in refused(io.BytesIO(hostile.text_doc()), "a.pdf")


def test_page_limit(settings):
    settings.INGEST_MAX_PDF_PAGES = 2
    assert "vượt giới hạn 2 trang" in refused(hostile.text_doc(pages=3), "dai.pdf")


@pytest.mark.parametrize(
    ("declared", "expected"),
    [
        ("../../x.pdf", "x.pdf"),
        ("..\\..\\windows\\system32\\x.pdf", "x.pdf"),
        ("/etc/passwd", "passwd"),
        ("..", "tep-tai-len"),
        ("  .hidden.PDF ", "hidden.pdf"),
        ("a\x00b\n.pdf", "ab.pdf"),
    ],
)
def test_declared_names_become_safe_display_names(declared, expected):
    assert safe_display_name(declared) == expected


def test_nfd_name_is_shown_in_nfc():
    nfd = unicodedata.normalize("NFD", "Nghị quyết số 15.pdf")
    name = safe_display_name(nfd)
    assert name == unicodedata.normalize("NFC", "Nghị quyết số 15.pdf")
    checked = check_upload(hostile.text_doc(), nfd)
    assert checked.display_name == name


def test_300_character_name_is_shortened_and_keeps_its_extension():
    name = safe_display_name("Đ" * 300 + ".pdf")
    assert len(name) == 120 and name.endswith(".pdf")
