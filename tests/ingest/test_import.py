"""Bulk import from the document management system: validate everything, write all or nothing."""

import os
import tempfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from ingest.importer import import_batch
from ingest.models import DerivedFile, ImportBatch
from library.models import ArchiveDocument, DocumentVersion
from tests.factories import ArchiveDocumentFactory, TermFactory
from tests.sessions.builders import add_item, make_session

from . import batches, hostile

pytestmark = pytest.mark.django_db


def media_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def messages(report) -> str:
    return "\n".join(f"{e.row}|{e.as_dict()['column']}|{e.message}" for e in report.errors)


def test_valid_batch_is_imported_with_its_files_and_metadata(settings):
    rows = [batches.row(n) for n in range(1, 4)]
    report = import_batch(batches.make_zip(rows), name="lo-1.zip")
    assert report.ok, messages(report)
    assert report.count("add") == 3
    doc = ArchiveDocument.objects.get(number="2/2025/NQ-HĐND")
    assert doc.title == "Nghị quyết số 2 về phát triển giao thông nông thôn"
    assert doc.signer == "Nguyễn Văn An" and doc.issued_on.isoformat() == "2025-07-03"
    assert doc.access_level == "public" and doc.kind == "nq"
    version = doc.versions.get()
    assert version.original_name == "nq-2.pdf" and version.sha256 == doc.sha256
    assert version.text_status == "extracted"
    assert ImportBatch.objects.get().added == 3
    assert len(media_files(settings)) == 3


def test_rerunning_the_same_batch_changes_nothing():
    rows = [batches.row(n) for n in range(1, 4)]
    data = batches.make_zip(rows)
    import_batch(data)
    versions = list(DocumentVersion.objects.values_list("pk", "sha256"))
    report = import_batch(data)
    assert report.ok and report.count("skip") == 3 and report.count("add") == 0
    assert list(DocumentVersion.objects.values_list("pk", "sha256")) == versions
    assert ImportBatch.objects.count() == 1
    assert "không thay đổi" in report.items[0]["reason"]


def test_changed_file_and_metadata_update_the_document_with_a_new_version():
    import_batch(batches.make_zip([batches.row(1)]))
    changed = batches.row(1, **{"Người ký": "Trần Thị Bình"})
    report = import_batch(
        batches.make_zip([changed], {"nq-1.pdf": hostile.text_doc("Bản sửa đổi")})
    )
    assert report.ok and report.count("update") == 1
    assert "signer" in report.items[0]["reason"] and "phiên bản mới" in report.items[0]["reason"]
    doc = ArchiveDocument.objects.get()
    assert doc.signer == "Trần Thị Bình" and doc.versions.count() == 2


def test_json_manifest_and_folder_batches_work(tmp_path):
    rows = [batches.row(1), batches.row(2)]
    assert import_batch(batches.make_zip(rows, as_json=True)).count("add") == 2
    folder = batches.write_folder(tmp_path / "lo", [batches.row(3)])
    report = import_batch(folder)
    assert report.ok and report.count("add") == 1


def test_every_error_is_reported_with_row_and_column_and_nothing_is_written(settings):
    term = TermFactory()
    make_session(term=term, number=12)
    ArchiveDocumentFactory(number="9/2025/NQ-HĐND")  # already there: an update, not an error
    before_docs = ArchiveDocument.objects.count()
    before_files = len(media_files(settings))
    rows = [
        batches.row(1),
        batches.row(2, **{"Tệp": "khong-co.pdf"}),
        batches.row(3, **{"Số, ký hiệu": "1/2025/NQ-HĐND", "Tệp": "nq-3.pdf"}),
        batches.row(4, **{"Ngày ban hành": "31/2/2025"}),
        batches.row(5, **{"Kỳ họp": "Kỳ họp thứ 40, khóa XVI"}),
        batches.row(6, **{"Mức truy cập": "Tối mật"}),
        batches.row(7, **{"Số, ký hiệu": "abc"}),
        batches.row(8, **{"Mức truy cập": "bí mật quá"}),
        batches.row(9, **{"Trích yếu": "Sửa nghị quyết 9"}),
    ]
    files = {r["Tệp"]: hostile.text_doc() for r in rows if r["Tệp"] != "khong-co.pdf"}
    files["thua.pdf"] = hostile.text_doc("Tệp thừa")
    report = import_batch(batches.make_zip(rows, files))
    text = messages(report)
    assert not report.ok
    assert "2|Tệp|Không có tệp “khong-co.pdf” trong lô" in text
    assert "3|Số, ký hiệu|" in text and "trùng với dòng 1" in text
    assert "4|Ngày ban hành|Ngày “31/2/2025” không hợp lệ" in text
    assert "5|Kỳ họp|Không có kỳ họp thứ 40 của khóa XVI" in text
    assert "6|Tệp|Văn bản mật" in text
    assert "7|Số, ký hiệu|" in text and "không đúng dạng" in text
    assert "8|Mức truy cập|" in text
    assert "0|Tệp|Tệp “thua.pdf” có trong lô nhưng không có dòng nào" in text
    assert "9|" not in text
    assert ArchiveDocument.objects.count() == before_docs
    assert len(media_files(settings)) == before_files
    assert not ImportBatch.objects.exists()


def test_hostile_files_in_a_batch_are_reported_per_row():
    rows = [batches.row(1), batches.row(2), batches.row(3), batches.row(4)]
    files = {
        "nq-1.pdf": hostile.truncated_pdf(),
        "nq-2.pdf": hostile.png_bytes(),
        "nq-3.pdf": hostile.encrypted_pdf(),
        "nq-4.pdf": hostile.text_doc(),
    }
    report = import_batch(batches.make_zip(rows, files))
    text = messages(report)
    assert "1|Tệp|" in text and "bị hỏng" in text
    assert "2|Tệp|" in text and "ảnh PNG" in text
    assert "3|Tệp|" in text and "mật khẩu" in text
    assert not ArchiveDocument.objects.exists()


def test_a_zip_bomb_batch_is_refused_whole(settings):
    settings.INGEST_ZIP_MAX_UNCOMPRESSED = 16 * 1024 * 1024
    report = import_batch(hostile.zip_bomb(20), name="lo.zip")
    assert not report.ok and "bom nén" in messages(report)


def test_a_batch_with_parent_directory_members_is_refused():
    report = import_batch(hostile.traversal_zip(), name="lo.zip")
    assert not report.ok and "không an toàn" in messages(report)


def test_active_content_is_stripped_on_import_and_the_original_kept_aside():
    # One file for both runs: pikepdf's /ID changes with the clock, so two calls a second apart
    # would give two different files.
    dirty = hostile.active_pdf()
    report = import_batch(batches.make_zip([batches.row(1)], {"nq-1.pdf": dirty}))
    assert report.ok, messages(report)
    version = DocumentVersion.objects.get()
    original = DerivedFile.objects.get(version=version, kind="original")
    assert "JavaScript" in original.note
    with version.file.open("rb") as handle:
        assert b"app.alert" not in handle.read()
    # Re-running with the same (dirty) file: recognised by the original's hash, nothing added.
    again = import_batch(batches.make_zip([batches.row(1)], {"nq-1.pdf": dirty}))
    assert again.count("skip") == 1


def test_confidential_row_keeps_metadata_only():
    row = batches.row(1, **{"Mức truy cập": "Mật", "Tệp": ""})
    report = import_batch(batches.make_zip([row], {}))
    assert report.ok, messages(report)
    doc = ArchiveDocument.objects.get()
    assert doc.access_level == "secret" and not doc.file and not doc.versions.exists()


def test_confidential_file_is_refused_and_never_written_not_even_to_a_temp_folder(
    settings, tmp_path, monkeypatch
):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    monkeypatch.setenv("TMPDIR", str(scratch))
    secret_bytes = hostile.text_doc("Tài liệu tối mật về quốc phòng")
    rows = [batches.row(1), batches.row(2, **{"Mức truy cập": "Tuyệt mật", "Tệp": "mat.pdf"})]
    data = batches.make_zip(rows, {"nq-1.pdf": hostile.text_doc(), "mat.pdf": secret_bytes})
    report = import_batch(data)
    assert not report.ok and "Văn bản mật" in messages(report)
    assert list(scratch.iterdir()) == []
    assert media_files(settings) == []
    assert not ArchiveDocument.objects.exists()


def test_failure_while_writing_removes_files_already_written(settings, monkeypatch):
    from ingest import importer

    calls = {"n": 0}
    real_write = importer._write

    def failing_write(plan, *args):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("ổ đĩa đầy")
        return real_write(plan, *args)

    monkeypatch.setattr(importer, "_write", failing_write)
    with pytest.raises(RuntimeError):
        import_batch(batches.make_zip([batches.row(n) for n in range(1, 5)]))
    assert not ArchiveDocument.objects.exists()
    assert media_files(settings) == []


def test_rows_are_linked_to_their_session_and_agenda_item():
    term = TermFactory()
    session = make_session(term=term, number=12)
    item = add_item(session, "2.1", "Tờ trình về kế hoạch đầu tư công")
    rows = [
        batches.row(1, **{"Kỳ họp": "12/XVI", "Mục chương trình": "2.1",
                          "Mức truy cập": "Đại biểu"}),
        batches.row(2, **{"Kỳ họp": "Kỳ họp thứ 12, khóa XVI"}),
        batches.row(3, **{"Kỳ họp": "12/XVI", "Mục chương trình": "9.9"}),
    ]  # fmt: skip
    report = import_batch(batches.make_zip(rows))
    assert "3|Mục chương trình|Kỳ họp này không có mục chương trình “9.9”" in messages(report)
    report = import_batch(batches.make_zip(rows[:2]))
    assert report.ok, messages(report)
    first = ArchiveDocument.objects.get(number="1/2025/NQ-HĐND")
    assert first.term == term and first.access_level == "delegates"
    assert item.documents.filter(document=first).exists()
    second = ArchiveDocument.objects.get(number="2/2025/NQ-HĐND")
    assert session.session_documents.filter(document=second).exists()
    assert import_batch(batches.make_zip(rows[:2])).count("skip") == 2


def test_release_time_and_dates_are_read_day_first():
    row = batches.row(1, **{"Thời điểm phát hành": "20/7/2025 08:30", "Ngày ban hành": "5/7/2025"})
    assert import_batch(batches.make_zip([row])).ok
    doc = ArchiveDocument.objects.get()
    assert doc.issued_on.day == 5 and doc.issued_on.month == 7
    local = doc.release_at.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Ho_Chi_Minh"))
    assert (local.day, local.month, local.hour, local.minute) == (20, 7, 8, 30)


def test_scans_are_marked_for_ocr():
    rows = [batches.row(1)]
    report = import_batch(batches.make_zip(rows, {"nq-1.pdf": hostile.scan_doc()}))
    assert report.ok
    version = DocumentVersion.objects.get()
    assert version.text_status == "needs_ocr"
    assert version.ocr_job.status == "queued"


def test_command_imports_and_exits_non_zero_on_a_refused_batch(tmp_path, capsys):
    good = tmp_path / "lo.zip"
    good.write_bytes(batches.make_zip([batches.row(n) for n in range(1, 4)]))
    call_command("import_documents", str(good))
    out = capsys.readouterr()
    assert "3 thêm mới" in out.out
    assert ArchiveDocument.objects.count() == 3
    bad = tmp_path / "hong.zip"
    bad.write_bytes(batches.make_zip([batches.row(9, **{"Tệp": "khong-co.pdf"})], {}))
    with pytest.raises(CommandError):
        call_command("import_documents", str(bad))
    assert "dòng 1, Tệp" in capsys.readouterr().err
    assert ArchiveDocument.objects.count() == 3


def test_windows_vietnamese_csv_is_read(tmp_path):
    folder = tmp_path / "lo"
    batches.write_folder(folder, [batches.row(1)])
    text = (folder / "manifest.csv").read_bytes().decode("utf-8-sig")
    (folder / "manifest.csv").write_bytes(text.encode("utf-16"))
    report = import_batch(folder)
    assert report.ok or "bảng mã" in messages(report)
    assert os.path.exists(folder / "nq-1.pdf")


def test_generated_batch_of_scans_and_text_pdfs_imports_in_one_command(tmp_path, capsys):
    rows, files = [], {}
    for n in range(1, 13):
        row = batches.row(n)
        rows.append(row)
        title = row["Trích yếu"]
        files[row["Tệp"]] = (
            hostile.scan_doc(title, dpi=72) if n % 3 == 0 else hostile.text_doc(title)
        )
    path = tmp_path / "lo-12.zip"
    path.write_bytes(batches.make_zip(rows, files))
    call_command("import_documents", str(path))
    assert "12 thêm mới" in capsys.readouterr().out
    assert DocumentVersion.objects.filter(text_status="needs_ocr").count() == 4
    assert DocumentVersion.objects.filter(text_status="extracted").count() == 8
    call_command("import_documents", str(path))
    assert "0 thêm mới, 0 cập nhật, 12 bỏ qua" in capsys.readouterr().out


def test_unquoted_comma_in_a_csv_cell_is_explained():
    manifest = (
        "Số ký hiệu,Trích yếu,Ngày ban hành,Mức truy cập,Tệp\n"
        "1/2025/NQ-HĐND,Nghị quyết về giao thông, thủy lợi,1/7/2025,Công khai,nq-1.pdf\n"
    ).encode()
    data = hostile.zip_bytes({"manifest.csv": manifest, "nq-1.pdf": hostile.text_doc()})
    report = import_batch(data)
    assert "ngoặc kép" in messages(report) and not ArchiveDocument.objects.exists()


def test_kind_left_blank_is_taken_from_the_number_and_a_rerun_skips():
    row = batches.row(1, **{"Loại": "", "Số, ký hiệu": "45/ttr-ubnd"})
    data = batches.make_zip([row])
    assert import_batch(data).ok
    doc = ArchiveDocument.objects.get()
    assert doc.number == "45/TTr-UBND" and doc.kind == "tt"
    assert import_batch(data).count("skip") == 1


def test_nfd_and_very_long_member_names_are_matched_and_never_become_paths(settings):
    import unicodedata

    long_name = "Tờ trình " + "rất dài " * 40 + ".pdf"
    nfd_name = unicodedata.normalize("NFD", "Nghị quyết đặc biệt.pdf")
    rows = [batches.row(1, **{"Tệp": "Nghị quyết đặc biệt.pdf"}),
            batches.row(2, **{"Tệp": long_name})]  # fmt: skip
    files = {nfd_name: hostile.text_doc(), long_name: hostile.text_doc("Dài")}
    report = import_batch(batches.make_zip(rows, files))
    assert report.ok, messages(report)
    for path in media_files(settings):
        assert len(path.name) < 80 and "Ngh" not in path.name
    names = set(DocumentVersion.objects.values_list("original_name", flat=True))
    assert "Nghị quyết đặc biệt.pdf" in names
    assert all(len(name) <= 120 for name in names)


def test_ocr_pending_queues_scans_that_have_no_job(capsys):
    from ingest.models import OcrJob

    import_batch(batches.make_zip([batches.row(1)], {"nq-1.pdf": hostile.scan_doc()}))
    OcrJob.objects.all().delete()
    call_command("ocr_pending")
    assert "1 bản quét" in capsys.readouterr().out
    assert OcrJob.objects.get().status == "queued"
