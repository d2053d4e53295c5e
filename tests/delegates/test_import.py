"""Importing delegates from CSV and XLSX: validate everything, write all or nothing, idempotent."""

import csv
import datetime
import io
import unicodedata
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from delegates import importers
from delegates.models import Body, Constituency, Membership, Person
from tests.factories import BodyFactory, TermFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]

HEADER = [
    "Mã đại biểu", "Họ và tên", "Năm sinh", "Giới tính", "Dân tộc", "Khóa", "Đơn vị bầu cử số",
    "Tổ đại biểu", "Chức danh trong tổ", "Ban", "Chức danh trong ban", "Chuyên trách",
    "Ngày bắt đầu", "Điện thoại", "Thư điện tử", "Số CCCD", "Ghi chú hồ sơ",
]  # fmt: skip
ROWS = [
    ["LC-1", "Nguyễn Văn An", "1970", "Nam", "Kinh", "XVI", "1", "Tổ đại biểu Bát Xát",
     "Tổ trưởng", "Ban Pháp chế", "Trưởng ban", "Có", "25/6/2021", "+84 912 000 001",
     "an@example.vn", "010070000001", "Hồ sơ gốc"],
    ["LC-2", "Giàng Thị Mỷ", "1989", "Nữ", "H'Mông", "16", "1", "Bát Xát", "", "Pháp chế",
     "Ủy viên", "Không", "", "0912 000 002", "", "", ""],
    ["LC-3", "Đặng Thị Hương", "1980", "Nữ", "Dao", "XVI", "1", "", "", "", "", "", "1/7/2024",
     "", "", "", ""],
]  # fmt: skip


@pytest.fixture
def structure(db):
    term = TermFactory()
    BodyFactory(term=term, kind=Body.Kind.COUNCIL, name="HĐND tỉnh Lào Cai khóa XVI")
    BodyFactory(term=term, kind=Body.Kind.COMMITTEE, name="Ban Pháp chế")
    BodyFactory(term=term, kind=Body.Kind.GROUP, name="Tổ đại biểu Bát Xát")
    Constituency.objects.create(term=term, number=1, name="Thành phố Lào Cai")
    return term


def make_csv(rows, header=HEADER, encoding="utf-8", delimiter=","):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    text = out.getvalue()
    if encoding == "cp1258":
        return to_cp1258(text)
    return text.encode(encoding)


def to_cp1258(text: str) -> bytes:
    """Windows-1258 as Excel writes it: base letters precomposed, tone marks combining."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in tones))
        out.append(base + "".join(p for p in parts if p in tones))
    return "".join(out).encode("cp1258")


def make_xlsx(rows, header=HEADER, hidden_sheet=False, formula=None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Đại biểu"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    if formula:
        sheet[formula[0]] = formula[1]
    if hidden_sheet:
        secret = workbook.create_sheet("Lương")
        secret.append(["Mã đại biểu", "Họ và tên"])
        secret.sheet_state = "hidden"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def snapshot():
    return (
        list(Person.objects.order_by("key").values()),
        list(Membership.objects.order_by("pk").values()),
    )


def messages(report):
    return [str(error) for error in report.errors]


def test_valid_csv_creates_people_seats_groups_and_committee_posts(structure):
    report = importers.import_file(make_csv(ROWS), "dai-bieu.csv")
    assert report.ok, messages(report)
    assert report.written and report.rows == 3
    an = Person.objects.get(key="LC-1")
    assert an.full_name == "Nguyễn Văn An" and an.gender == "male" and an.phone == "+84 912 000 001"
    posts = {(m.body.kind, m.role, m.full_time) for m in an.memberships.select_related("body")}
    assert posts == {
        ("council", "delegate", True),
        ("group", "group_leader", False),
        ("committee", "head", True),
    }
    late = Person.objects.get(key="LC-3").memberships.get()
    assert late.start_date == datetime.date(2024, 7, 1) and late.constituency.number == 1


def test_reimporting_the_same_file_changes_nothing(structure):
    data = make_csv(ROWS)
    importers.import_file(data, "dai-bieu.csv")
    before = snapshot()
    report = importers.import_file(data, "dai-bieu.csv")
    assert report.ok and report.changes.changed == 0
    assert snapshot() == before


def test_reimport_with_a_change_updates_the_same_person(structure):
    importers.import_file(make_csv(ROWS), "dai-bieu.csv")
    changed = [list(row) for row in ROWS]
    changed[1][4] = "Mông"
    report = importers.import_file(make_csv(changed), "dai-bieu.csv")
    assert report.changes.counts["person"] == {"created": 0, "updated": 1, "unchanged": 2}
    assert Person.objects.count() == 3
    assert Person.objects.get(key="LC-2").ethnicity == "Mông"


def test_missing_required_column_is_reported_and_nothing_written(structure):
    header = [h for h in HEADER if h != "Mã đại biểu"]
    rows = [row[1:] for row in ROWS]
    report = importers.import_file(make_csv(rows, header=header), "dai-bieu.csv")
    assert not report.written and Person.objects.count() == 0
    assert "Dòng 1, cột “Mã đại biểu”: Thiếu cột bắt buộc." in messages(report)


def test_unknown_and_duplicate_columns_are_errors_but_stt_is_ignored(structure):
    header = ["STT", *HEADER, "Luong", "Họ và tên"]
    rows = [[str(i), *row, "x", row[1]] for i, row in enumerate(ROWS, 1)]
    report = importers.import_file(make_csv(rows, header=header), "dai-bieu.csv")
    found = messages(report)
    assert any("cột “Luong”" in m and "không có trong mẫu" in m for m in found)
    assert any("Cột bị lặp" in m for m in found)
    assert not any("STT" in m for m in found)


def test_headers_match_without_diacritics(structure):
    header = [importers.fold(h) for h in HEADER]
    report = importers.import_file(make_csv(ROWS, header=header), "dai-bieu.csv")
    assert report.ok, messages(report)


def test_duplicate_person_in_the_file_is_reported(structure):
    rows = [*ROWS, ROWS[0]]
    rows.append(["LC-9", *ROWS[1][1:]])  # same name and birth year as LC-2, another key
    report = importers.import_file(make_csv(rows), "dai-bieu.csv")
    found = messages(report)
    assert any(m.startswith("Dòng 5") and "đã có ở dòng 2" in m for m in found)
    assert any(m.startswith("Dòng 6") and "Trùng người với dòng 3" in m for m in found)
    assert Person.objects.count() == 0


def test_new_key_for_someone_already_recorded_is_reported(structure):
    importers.import_file(make_csv(ROWS), "dai-bieu.csv")
    report = importers.import_file(make_csv([["LC-99", *ROWS[0][1:]]]), "moi.csv")
    assert any("dùng mã “LC-1”" in m for m in messages(report))


def test_every_error_of_every_row_is_reported_at_once(structure):
    rows = [list(row) for row in ROWS]
    rows[0][12] = "31/2/2024"
    rows[1][3] = "Khác"
    rows[1][14] = "khong-phai-email"
    rows[2][6] = "99"
    report = importers.import_file(make_csv(rows), "dai-bieu.csv")
    found = messages(report)
    assert (
        "Dòng 2, cột “Ngày bắt đầu”: Ngày 31/2/2024 không có thật (kiểm tra lại ngày và tháng)."
        in found
    )
    assert any(m.startswith("Dòng 3, cột “Giới tính”") for m in found)
    assert any(m.startswith("Dòng 3, cột “Thư điện tử”") for m in found)
    assert any(m.startswith("Dòng 4, cột “Đơn vị bầu cử số”") for m in found)
    assert Person.objects.count() == 0 and Membership.objects.count() == 0


@pytest.mark.parametrize("value", ["2021-06-25", "25/13/2021", "25.6.2021", "hôm nay"])
def test_dates_must_be_day_month_year(structure, value):
    rows = [list(ROWS[0])]
    rows[0][12] = value
    report = importers.import_file(make_csv(rows), "dai-bieu.csv")
    assert any("cột “Ngày bắt đầu”" in m for m in messages(report))


def test_unknown_term_committee_and_group_name_the_valid_choices(structure):
    rows = [list(ROWS[0])]
    rows[0][5], rows[0][7], rows[0][9] = "XX", "Sa Pa", "Ban Tài chính"
    report = importers.import_file(make_csv(rows), "dai-bieu.csv")
    assert any("Khóa “XX” chưa có" in m and "XVI" in m for m in messages(report))
    rows[0][5] = "XVI"
    report = importers.import_file(make_csv(rows), "dai-bieu.csv")
    found = messages(report)
    assert any("Không có tổ “Sa Pa”" in m and "Tổ đại biểu Bát Xát" in m for m in found)
    assert any("Không có ban “Ban Tài chính”" in m and "Ban Pháp chế" in m for m in found)


def test_a_10000_character_cell_is_refused(structure):
    rows = [list(ROWS[0])]
    rows[0][16] = "x" * 10_000
    rows[0][1] = "A" * 10_000
    report = importers.import_file(make_csv(rows), "dai-bieu.csv")
    found = messages(report)
    assert (
        "Dòng 2, cột “Họ và tên”: Ô dài 10000 ký tự, vượt giới hạn 200 ký tự của cột này." in found
    )
    assert any("cột “Ghi chú hồ sơ”: Ô dài 10000 ký tự" in m for m in found)
    assert Person.objects.count() == 0


@pytest.mark.parametrize(
    "column,value",
    [
        (1, '=HYPERLINK("http://evil.example","An")'),
        (4, "+cmd|' /C calc'!A0"),
        (16, "-2+3"),
        (16, "@SUM(1+1)"),
        (13, "=1+1"),
        (1, "  =1+1"),
    ],
)
def test_formula_cells_are_refused_not_rewritten(structure, column, value):
    rows = [list(ROWS[0])]
    rows[0][column] = value
    report = importers.import_file(make_csv(rows), "dai-bieu.csv")
    assert any("giống công thức" in m and f"cột “{HEADER[column]}”" in m for m in messages(report))
    assert Person.objects.count() == 0


def test_phone_numbers_with_a_plus_are_not_formulas(structure):
    report = importers.import_file(make_csv([ROWS[0]]), "dai-bieu.csv")
    assert report.ok


def test_utf8_with_bom_semicolons_and_crlf(structure):
    data = make_csv(ROWS, encoding="utf-8-sig", delimiter=";").replace(b"\n", b"\r\n")
    report = importers.import_file(data, "dai-bieu.csv")
    assert report.ok, messages(report)
    assert report.encoding == "utf-8-sig"
    assert Person.objects.get(key="LC-1").full_name == "Nguyễn Văn An"


def test_windows_1258_file_is_detected_and_normalised(structure):
    data = make_csv(ROWS, encoding="cp1258")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    report = importers.import_file(data, "dai-bieu.csv")
    assert report.ok, messages(report)
    assert report.encoding == "cp1258"
    name = Person.objects.get(key="LC-3").full_name
    assert name == "Đặng Thị Hương" and unicodedata.is_normalized("NFC", name)


def test_windows_1252_with_explicit_encoding(structure):
    # Windows-1252 cannot write most Vietnamese letters: plain headers, Latin-1 names only.
    header = [importers.fold(h) for h in HEADER]
    rows = [["LC-5", "Lê Thuý Hà", "1980", "nu", "Kinh", "XVI", "1", "", "", "", "", "", "", "",
             "", "", "Ghi chú à"]]  # fmt: skip
    data = make_csv(rows, header=header, encoding="cp1252")
    report = importers.import_file(data, "x.csv", "cp1252")
    assert report.ok, messages(report)
    assert Person.objects.get(key="LC-5").full_name == "Lê Thuý Hà"


def test_wrong_explicit_encoding_is_a_clear_error(structure):
    report = importers.import_file(make_csv(ROWS, encoding="cp1258"), "x.csv", "utf-8")
    assert len(report.errors) == 1
    assert "không đọc được bằng bảng mã utf-8" in report.errors[0].message
    assert Person.objects.count() == 0


def test_binary_garbage_is_not_read_as_csv(structure):
    report = importers.import_file(b"\x00\x01\x02\xff" * 100, "x.csv")
    assert "không phải văn bản CSV" in report.errors[0].message


def test_unsupported_file_type_is_refused(structure):
    report = importers.import_file(b"whatever", "danh-sach.xls")
    assert ".xlsx" in report.errors[0].message


def test_xlsx_imports_with_date_cells_and_numbers(structure):
    rows = [list(row) for row in ROWS]
    rows[0][12] = datetime.datetime(2021, 6, 25)
    rows[0][2] = 1970
    rows[0][6] = 1
    data = make_xlsx(rows)
    report = importers.import_file(data, "dai-bieu.xlsx")
    assert report.ok, messages(report)
    assert Person.objects.get(key="LC-1").birth_year == 1970
    before = snapshot()
    assert importers.import_file(data, "dai-bieu.xlsx").changes.changed == 0
    assert snapshot() == before


def test_xlsx_with_a_hidden_sheet_is_refused(structure):
    report = importers.import_file(make_xlsx(ROWS, hidden_sheet=True), "dai-bieu.xlsx")
    assert any("trang tính ẩn “Lương”" in m for m in messages(report))
    assert Person.objects.count() == 0


def test_xlsx_with_formulas_is_refused_cell_by_cell(structure):
    data = make_xlsx(ROWS, formula=("C2", "=1900+70"))
    report = importers.import_file(data, "dai-bieu.xlsx")
    assert any("cột “C2”: Ô chứa công thức" in m for m in messages(report))
    assert Person.objects.count() == 0


def test_corrupt_xlsx_is_a_clear_error(structure):
    report = importers.import_file(b"PK\x03\x04 not really a zip", "dai-bieu.xlsx")
    assert "hỏng" in report.errors[0].message


def test_command_imports_with_progress_and_reports_errors(structure, tmp_path, capsys):
    good = tmp_path / "dai-bieu.csv"
    good.write_bytes(make_csv(ROWS))
    call_command("import_delegates", str(good))
    out, err = capsys.readouterr()
    assert "Đã nhập 3 dòng." in out
    assert "Ghi" in err and "dòng" in err  # the tqdm bar
    bad = tmp_path / "sai.csv"
    rows = [list(ROWS[0])]
    rows[0][12] = "31/2/2024"
    bad.write_bytes(make_csv(rows))
    with pytest.raises(CommandError, match="chưa ghi gì"):
        call_command("import_delegates", str(bad), "--no-progress")
    assert "31/2/2024 không có thật" in capsys.readouterr().err


def test_command_dry_run_and_explicit_encoding(structure, tmp_path, capsys):
    path = tmp_path / "dai-bieu.csv"
    path.write_bytes(make_csv(ROWS, encoding="cp1258"))
    call_command(
        "import_delegates", str(path), "--dry-run", "--encoding", "cp1258", "--no-progress"
    )
    assert "Chưa ghi gì" in capsys.readouterr().out
    assert Person.objects.count() == 0


def test_sample_file_in_docs_imports_on_the_demo(demo):
    data = (ROOT / "docs" / "delegates-sample.csv").read_bytes()
    report = importers.import_file(data, "delegates-sample.csv")
    assert report.ok, messages(report)
    assert importers.import_file(data, "delegates-sample.csv").changes.changed == 0
    documented = (ROOT / "docs" / "import-delegates.md").read_text()
    for column in importers.COLUMNS:
        assert f"| {column.label} |" in documented


def test_a_bad_cell_does_not_hide_the_other_errors_of_its_row(structure):
    rows = [list(ROWS[0]), list(ROWS[0])]
    rows[0][1] = "=1+1"
    rows[0][12] = "31/2/2024"
    rows[1][5] = "XVI"
    report = importers.import_file(make_csv(rows), "dai-bieu.csv")
    found = messages(report)
    assert any(m.startswith("Dòng 2, cột “Họ và tên”") and "công thức" in m for m in found)
    assert any(m.startswith("Dòng 2, cột “Ngày bắt đầu”") for m in found)
    assert any(m.startswith("Dòng 3, cột “Mã đại biểu”") and "đã có ở dòng 2" in m for m in found)
    assert len(found) == 3
