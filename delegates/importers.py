"""Import delegates from CSV or XLSX: read, validate every row, then write all or nothing.

One row describes one person in one term: their public and private fields, their seat
(constituency), group and committee post. Rows are matched on the stable "Mã đại biểu", so
re-importing the same file changes nothing. Cells that look like spreadsheet formulas
(= + - @ at the start) are refused, not silently altered: the file is reported, not imported.
The column list is in docs/import-delegates.md.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext, gettext_lazy, pgettext_lazy

from core.text import fold, nfc

from . import services
from .models import Body, Constituency, Membership, Person, Term

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
ENCODINGS = {"utf-8": "utf-8", "utf-8-sig": "utf-8-sig", "cp1258": "cp1258", "cp1252": "cp1252"}
FORMULA_PREFIXES = ("=", "+", "-", "@")
PHONE_RE = re.compile(r"^\+?[0-9][0-9 .()\-]{5,30}$")
KEY_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-]*$")
DATE_RE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Column:
    name: str  # the record's key in code
    label: str  # the header as it appears in the file
    required: bool = False
    max_length: int = 300


COLUMNS = [
    Column("key", "Mã đại biểu", True, 50),
    Column("full_name", "Họ và tên", True, 200),
    Column("birth_year", "Năm sinh", max_length=4),
    Column("gender", "Giới tính", max_length=10),
    Column("ethnicity", "Dân tộc", max_length=50),
    Column("education", "Trình độ chuyên môn", max_length=200),
    Column("political_theory", "Trình độ lý luận chính trị", max_length=100),
    Column("occupation", "Chức vụ, nghề nghiệp", max_length=300),
    Column("workplace", "Nơi công tác", max_length=300),
    Column("term", "Khóa", True, 10),
    Column("constituency", "Đơn vị bầu cử số", max_length=3),
    Column("group", "Tổ đại biểu", max_length=200),
    Column("group_role", "Chức danh trong tổ", max_length=30),
    Column("committee", "Ban", max_length=200),
    Column("committee_role", "Chức danh trong ban", max_length=30),
    Column("full_time", "Chuyên trách", max_length=10),
    Column("start_date", "Ngày bắt đầu", max_length=10),
    Column("end_date", "Ngày kết thúc", max_length=10),
    Column("phone", "Điện thoại", max_length=50),
    Column("email", "Thư điện tử", max_length=254),
    Column("home_address", "Địa chỉ nơi ở", max_length=300),
    Column("id_number", "Số CCCD", max_length=20),
    Column("record_notes", "Ghi chú hồ sơ", max_length=2000),
]
BY_NAME = {c.name: c for c in COLUMNS}
IGNORED_HEADERS = {"stt", "so thu tu", "tt"}
PERSON_FIELDS = [
    "full_name", "birth_year", "gender", "ethnicity", "education", "political_theory",
    "occupation", "workplace", "phone", "email", "home_address", "id_number", "record_notes",
]  # fmt: skip

COMMITTEE_ROLES = {
    "truong ban": Membership.Role.HEAD,
    "pho truong ban": Membership.Role.DEPUTY_HEAD,
    "uy vien": Membership.Role.MEMBER,
    "thanh vien": Membership.Role.MEMBER,
    "chu tich": Membership.Role.CHAIR,
    "pho chu tich": Membership.Role.VICE_CHAIR,
}
GROUP_ROLES = {
    "to truong": Membership.Role.GROUP_LEADER,
    "to pho": Membership.Role.GROUP_DEPUTY,
    "thanh vien": Membership.Role.MEMBER,
    "": Membership.Role.MEMBER,
}
KIND_LABELS = {
    "person": pgettext_lazy("menu", "Đại biểu"),
    "seat": gettext_lazy("Ghế đại biểu (đơn vị bầu cử)"),
    "group": gettext_lazy("Tổ đại biểu"),
    "committee": gettext_lazy("Chức danh ở Thường trực, các Ban"),
}
YES = {"co", "x", "1", "true", "yes"}
NO = {"khong", "", "0", "false", "no"}


def _header_keys(column: Column) -> set[str]:
    return {fold(column.label), column.name, fold(column.label).replace(" ", "_")}


HEADER_LOOKUP = {key: column for column in COLUMNS for key in _header_keys(column)}


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.column:
            where = gettext("Dòng %(row)s, cột “%(column)s”") % {
                "row": self.row,
                "column": self.column,
            }
        else:
            where = gettext("Dòng %(row)s") % {"row": self.row}
        return f"{where}: {self.message}"


@dataclass
class ImportReport:
    errors: list[RowError] = field(default_factory=list)
    rows: int = 0
    encoding: str = ""
    changes: services.Changes = field(default_factory=services.Changes)
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


class FileRejected(Exception):
    """The file as a whole cannot be read; nothing in it was looked at row by row."""

    def __init__(self, errors: list[RowError]):
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


# --- reading ----------------------------------------------------------------------------------

_VIETNAMESE = set(
    "ăâđêôơưĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
    "ÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ"
)


def _vietnamese_score(text: str) -> int:
    text = unicodedata.normalize("NFC", text)
    good = sum(ch in _VIETNAMESE for ch in text)
    odd = sum(ch in "ÐðÞþ¢£¤¥¦§¨©ª«¬®¯°±²³´µ¶·¸¹º»¼½¾¿×÷" for ch in text)
    return good - 5 * odd


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Text of a CSV file and the encoding used: explicit, UTF-8 (BOM or not), else detected."""
    if encoding:
        codec = ENCODINGS.get(encoding.lower().replace("_", "-"))
        if codec is None:
            raise FileRejected(
                [RowError(0, "", gettext("Bảng mã “%(encoding)s” không được hỗ trợ; hãy chọn một "
                          "trong: %(known)s.")
                          % {"encoding": encoding, "known": ", ".join(ENCODINGS)})]
            )  # fmt: skip
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError as exc:
            raise FileRejected(
                [RowError(0, "", gettext("Tệp không đọc được bằng bảng mã %(codec)s: byte "
                          "%(byte)s ở vị trí %(position)s không hợp lệ. Hãy lưu lại tệp dạng "
                          "“CSV UTF-8” hoặc chọn đúng bảng mã.")
                          % {"codec": codec, "byte": f"0x{data[exc.start]:02X}",
                             "position": exc.start})]
            )  # fmt: skip
    if b"\x00" in data[:4096]:
        raise FileRejected(
            [RowError(0, "", gettext("Tệp không phải văn bản CSV (có byte rỗng). Nếu là tệp "
                      "Excel, hãy đặt đuôi .xlsx; nếu là CSV, hãy lưu lại dạng “CSV UTF-8”."))]
        )  # fmt: skip
    if data.startswith(b"\xef\xbb\xbf"):
        return data.decode("utf-8-sig"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["cp1258", "cp1252"]).best()
    candidates = []
    for codec in ("cp1258", "cp1252"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        preferred = best is not None and best.encoding == codec
        candidates.append((_vietnamese_score(text), preferred, codec, text))
    if not candidates:
        raise FileRejected(
            [RowError(0, "", gettext("Không nhận ra bảng mã của tệp (không phải UTF-8, "
                      "Windows-1258 hay Windows-1252). Hãy lưu lại tệp dạng “CSV UTF-8” rồi "
                      "nhập lại."))]
        )  # fmt: skip
    _, _, codec, text = max(candidates)
    return text, codec


def read_csv(data: bytes, encoding: str | None = None) -> tuple[list[list], str]:
    text, used = decode(data, encoding)
    text = nfc(text)
    first_line = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return list(reader), used
    except csv.Error as exc:
        raise FileRejected(
            [
                RowError(
                    reader.line_num,
                    "",
                    gettext("Tệp CSV sai cấu trúc: %(error)s.") % {"error": exc},
                )
            ]
        )


def read_xlsx(data: bytes) -> list[list]:
    """Cell values of the only visible sheet; hidden sheets, rows, columns or formulas refuse."""
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise FileRejected(
            [
                RowError(
                    0,
                    "",
                    gettext("Tệp .xlsx hỏng hoặc không phải tệp Excel (%(error)s).")
                    % {"error": type(exc).__name__},
                )
            ]
        )
    errors = []
    hidden = [ws.title for ws in workbook.worksheets if ws.sheet_state != "visible"]
    for title in hidden:
        errors.append(
            RowError(0, "", gettext("Tệp có trang tính ẩn “%(sheet)s”. Dữ liệu ẩn không được "
                     "nhập; hãy xóa trang tính đó (hoặc chép dữ liệu sang trang chính) rồi nhập "
                     "lại.") % {"sheet": title})
        )  # fmt: skip
    if len(workbook.worksheets) - len(hidden) > 1:
        errors.append(
            RowError(0, "", gettext("Tệp có nhiều trang tính; hãy để danh sách đại biểu trong "
                     "một trang tính duy nhất."))
        )  # fmt: skip
    if errors:
        raise FileRejected(errors)
    sheet = workbook.worksheets[0]
    for index, dim in sheet.row_dimensions.items():
        if dim.hidden:
            errors.append(
                RowError(index, "", gettext("Dòng đang bị ẩn; hãy hiện dòng hoặc xóa nó."))
            )
    for letter, dim in sheet.column_dimensions.items():
        if dim.hidden:
            errors.append(RowError(0, letter, gettext("Cột đang bị ẩn; hãy hiện cột hoặc xóa nó.")))
    rows = []
    for row in sheet.iter_rows():
        values = []
        for cell in row:
            if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value[:1] == "="):
                errors.append(
                    RowError(cell.row, cell.coordinate, gettext("Ô chứa công thức; hãy dán giá "
                             "trị (Paste Special → Values) thay cho công thức."))
                )  # fmt: skip
                values.append("")
                continue
            values.append(_xlsx_value(cell.value))
        rows.append(values)
    if errors:
        raise FileRejected(errors)
    return rows


def _xlsx_value(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    return nfc(str(value))


def read_table(data: bytes, filename: str, encoding: str | None = None) -> tuple[list[list], str]:
    if len(data) > MAX_FILE_BYTES:
        raise FileRejected(
            [RowError(0, "", gettext("Tệp quá lớn (%(size)s KB); giới hạn là %(limit)s MB.")
                      % {"size": len(data) // 1024, "limit": MAX_FILE_BYTES // 1024 // 1024})]
        )  # fmt: skip
    if not data.strip():
        raise FileRejected([RowError(0, "", gettext("Tệp rỗng."))])
    if filename.lower().endswith(".xlsx") or data[:4] == b"PK\x03\x04":
        return read_xlsx(data), "xlsx"
    if not filename.lower().endswith((".csv", ".txt")):
        raise FileRejected(
            [
                RowError(
                    0,
                    "",
                    gettext("Chỉ nhận tệp .csv hoặc .xlsx (tệp .xls cũ: hãy lưu lại thành .xlsx)."),
                )
            ]
        )
    return read_csv(data, encoding)


# --- validating -------------------------------------------------------------------------------


@dataclass
class Record:
    """A validated row, ready to write."""

    row: int
    key: str
    term: Term
    person: dict
    constituency: Constituency | None = None
    group: Body | None = None
    group_role: str = Membership.Role.MEMBER
    committee: Body | None = None
    committee_role: str = Membership.Role.MEMBER
    full_time: bool = False
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None


class _Lookups:
    """Terms, bodies and constituencies loaded once, so validation costs a few queries."""

    def __init__(self):
        self.terms = list(Term.objects.all())
        self.bodies = list(Body.objects.select_related("term"))
        self.units = list(Constituency.objects.all())

    def term(self, value: str) -> Term | None:
        value = value.strip().upper().removeprefix("KHÓA ").removeprefix("KHOA ").strip()
        for term in self.terms:
            if value in (str(term.number), term.roman):
                return term
        return None

    def body(self, term: Term, kinds, value: str) -> Body | None:
        wanted = fold(value)
        candidates = [b for b in self.bodies if b.term_id == term.pk and b.kind in kinds]
        for body in candidates:
            names = {fold(body.name), fold(body.abbreviation)} - {""}
            short = fold(body.name)
            for prefix in ("to dai bieu ", "ban "):
                short = short.removeprefix(prefix)
            if wanted in names or wanted == short:
                return body
        return None

    def bodies_of(self, term: Term, kinds) -> list[str]:
        return [b.name for b in self.bodies if b.term_id == term.pk and b.kind in kinds]

    def council(self, term: Term) -> Body | None:
        return next(
            (b for b in self.bodies if b.term_id == term.pk and b.kind == Body.Kind.COUNCIL), None
        )

    def unit(self, term: Term, number: int) -> Constituency | None:
        return next((u for u in self.units if u.term_id == term.pk and u.number == number), None)


def _d(value: datetime.date) -> str:
    return f"{value.day}/{value.month}/{value.year}"


def parse_date(value) -> datetime.date:
    """d/m/yyyy, strictly: 31/2/2024 is an error, never a guess."""
    if isinstance(value, datetime.date):
        return value
    match = DATE_RE.match(value.strip())
    if not match:
        raise ValueError(
            gettext("“%(value)s” không đúng dạng ngày/tháng/năm (ví dụ 25/6/2021).")
            % {"value": value}
        )
    day, month, year = (int(part) for part in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValueError(
            gettext("Ngày %(value)s không có thật (kiểm tra lại ngày và tháng).") % {"value": value}
        )


def _map_header(header: list, errors: list[RowError]) -> dict[int, Column]:
    mapping: dict[int, Column] = {}
    seen: dict[str, int] = {}
    for index, raw in enumerate(header):
        label = str(raw or "").strip()
        if not label:
            continue
        key = fold(label)
        if key in IGNORED_HEADERS:
            continue
        column = HEADER_LOOKUP.get(key) or HEADER_LOOKUP.get(key.replace(" ", "_"))
        if column is None:
            errors.append(
                RowError(1, label, gettext("Cột không có trong mẫu nhập; hãy xóa cột này hoặc đổi "
                         "tên đúng như danh sách cột trong tài liệu hướng dẫn."))
            )  # fmt: skip
            continue
        if column.name in seen:
            errors.append(
                RowError(
                    1,
                    label,
                    gettext("Cột bị lặp (đã có ở cột số %(number)s).")
                    % {"number": seen[column.name]},
                )
            )
            continue
        seen[column.name] = index + 1
        mapping[index] = column
    for column in COLUMNS:
        if column.required and column.name not in seen:
            errors.append(RowError(1, column.label, gettext("Thiếu cột bắt buộc.")))
    return mapping


def _check_cell(row: int, column: Column, value, errors: list[RowError]) -> bool:
    if not isinstance(value, str):
        return True
    if len(value) > column.max_length:
        errors.append(
            RowError(row, column.label, gettext("Ô dài %(length)s ký tự, vượt giới hạn "
                     "%(limit)s ký tự của cột này.")
                     % {"length": len(value), "limit": column.max_length})
        )  # fmt: skip
        return False
    stripped = value.lstrip()
    if stripped.startswith(FORMULA_PREFIXES) and not (
        column.name == "phone" and PHONE_RE.match(stripped)
    ):
        errors.append(
            RowError(row, column.label, gettext("Ô bắt đầu bằng “%(char)s” giống công thức bảng "
                     "tính nên bị từ chối (chống chèn công thức). Hãy bỏ ký tự này ở đầu ô.")
                     % {"char": stripped[0]})
        )  # fmt: skip
        return False
    if CONTROL_RE.search(value):
        errors.append(RowError(row, column.label, gettext("Ô chứa ký tự điều khiển không hợp lệ.")))
        return False
    return True


def validate(rows: list[list], progress: Callable = lambda it, **kw: it):
    """Every error of every row, or the records to write; never stops at the first error."""
    errors: list[RowError] = []
    if not rows:
        return [], [RowError(1, "", gettext("Tệp không có dòng tiêu đề."))]
    mapping = _map_header(rows[0], errors)
    if errors:
        return [], errors
    body_rows = [(n, r) for n, r in enumerate(rows[1:], start=2) if any(str(v).strip() for v in r)]
    if not body_rows:
        return [], [RowError(2, "", gettext("Tệp không có dòng dữ liệu nào."))]
    if len(body_rows) > MAX_ROWS:
        message = gettext("Tệp có %(rows)s dòng; tối đa %(limit)s dòng.") % {
            "rows": len(body_rows),
            "limit": MAX_ROWS,
        }
        return [], [RowError(0, "", message)]
    lookups = _Lookups()
    records: list[Record] = []
    seen_keys: dict[tuple[str, int], int] = {}
    person_rows: dict[str, tuple[int, dict]] = {}
    name_rows: dict[tuple[str, object], tuple[int, str]] = {}
    for number, raw in progress(body_rows, desc="Kiểm tra", unit="dòng"):
        cells = {}
        bad: set[str] = set()
        for index, column in mapping.items():
            value = raw[index] if index < len(raw) else ""
            if isinstance(value, str):
                value = value.strip()
            if not _check_cell(number, column, value, errors):
                bad.add(column.name)
                value = ""
            cells[column.name] = value
        # A repeated key is reported even when its rows have other errors too.
        term = lookups.term(str(cells.get("term", "")))
        term_key = (str(cells.get("key", "")).strip(), term.pk if term else None)
        if term_key[0] and term_key in seen_keys:
            errors.append(
                RowError(number, "Mã đại biểu", gettext("Mã “%(key)s” đã có ở dòng %(row)s cho "
                         "cùng khóa; mỗi đại biểu một dòng mỗi khóa.")
                         % {"key": term_key[0], "row": seen_keys[term_key]})
            )  # fmt: skip
            bad.add("key")
        seen_keys.setdefault(term_key, number)
        record = _validate_row(number, cells, lookups, errors, bad)
        if record is None:
            continue
        earlier = person_rows.get(record.key)
        if earlier and earlier[1] != record.person:
            errors.append(
                RowError(number, "Mã đại biểu", gettext("Thông tin cá nhân của mã “%(key)s” khác "
                         "với dòng %(row)s; hãy thống nhất các dòng của cùng một người.")
                         % {"key": record.key, "row": earlier[0]})
            )  # fmt: skip
            continue
        person_rows.setdefault(record.key, (number, record.person))
        name_key = (fold(record.person["full_name"]), record.person.get("birth_year"))
        other = name_rows.get(name_key)
        if other and other[1] != record.key:
            errors.append(
                RowError(number, "Họ và tên", gettext("Trùng người với dòng %(row)s (cùng họ tên "
                         "và năm sinh nhưng khác mã: “%(other)s” và “%(key)s”).")
                         % {"row": other[0], "other": other[1], "key": record.key})
            )  # fmt: skip
            continue
        name_rows.setdefault(name_key, (number, record.key))
        records.append(record)
    _check_existing_duplicates(records, errors)
    return records, errors


def _check_existing_duplicates(records: list[Record], errors: list[RowError]) -> None:
    """A new key whose name and birth year match someone already recorded is a duplicate."""
    keys = {r.key for r in records}
    existing = set(Person.objects.filter(key__in=keys).values_list("key", flat=True))
    new = [r for r in records if r.key not in existing and r.person.get("birth_year")]
    if not new:
        return
    query = Q(pk__in=[])
    for r in new:
        query |= Q(folded_name=fold(r.person["full_name"]), birth_year=r.person["birth_year"])
    found = {(p.folded_name, p.birth_year): p.key for p in Person.objects.filter(query)}
    for r in new:
        other = found.get((fold(r.person["full_name"]), r.person["birth_year"]))
        if other and other != r.key:
            errors.append(
                RowError(r.row, "Mã đại biểu", gettext("Đã có đại biểu cùng họ tên và năm sinh "
                         "với mã “%(key)s”. Nếu là cùng một người, hãy dùng mã “%(key)s”.")
                         % {"key": other})
            )  # fmt: skip


def _validate_row(
    number: int, cells: dict, lookups: _Lookups, errors: list[RowError], bad: set[str]
):
    """Check one row's values; cells in `bad` were already reported and are not checked again."""
    start_count = len(errors)

    def error(column: str, message: str) -> None:
        if column not in bad:
            errors.append(RowError(number, BY_NAME[column].label, message))

    key = str(cells.get("key", "")).strip()
    if not key:
        error("key", gettext("Thiếu mã đại biểu."))
    elif not KEY_RE.match(key):
        error("key", gettext("Mã chỉ gồm chữ không dấu, số, dấu chấm, gạch ngang, gạch dưới."))
    person: dict = {}
    name = re.sub(r"\s+", " ", str(cells.get("full_name", ""))).strip()
    if not name:
        error("full_name", gettext("Thiếu họ và tên."))
    person["full_name"] = name
    if "birth_year" in cells:
        value = str(cells["birth_year"])
        if not value:
            person["birth_year"] = None
        elif not value.isdigit() or not 1900 <= int(value) <= datetime.date.today().year - 18:
            error(
                "birth_year",
                gettext("Năm sinh “%(value)s” không hợp lệ (ví dụ 1975).") % {"value": value},
            )
        else:
            person["birth_year"] = int(value)
    if "gender" in cells:
        value = fold(str(cells["gender"]))
        gender = {"nam": "male", "nu": "female", "male": "male", "female": "female", "": ""}
        if value not in gender:
            error(
                "gender",
                gettext("Giới tính “%(value)s” không hợp lệ; ghi “Nam” hoặc “Nữ”.")
                % {"value": cells["gender"]},
            )
        else:
            person["gender"] = gender[value]
    for name_ in ("ethnicity", "education", "political_theory", "occupation", "workplace"):
        if name_ in cells:
            person[name_] = str(cells[name_])
    for name_ in ("home_address", "record_notes"):
        if name_ in cells:
            person[name_] = str(cells[name_])
    if "phone" in cells:
        value = str(cells["phone"])
        if value and not PHONE_RE.match(value):
            error(
                "phone",
                gettext("Số điện thoại “%(value)s” không hợp lệ (chỉ gồm chữ số, +, dấu cách).")
                % {"value": value},
            )
        person["phone"] = value
    if "email" in cells:
        value = str(cells["email"])
        if value:
            try:
                validate_email(value)
            except ValidationError:
                error(
                    "email",
                    gettext("Địa chỉ thư điện tử “%(value)s” không hợp lệ.") % {"value": value},
                )
        person["email"] = value
    if "id_number" in cells:
        value = str(cells["id_number"]).replace(" ", "")
        if value and not (value.isdigit() and len(value) in (9, 12)):
            error("id_number", gettext("Số CCCD/CMND phải gồm 12 (hoặc 9) chữ số."))
        person["id_number"] = value

    term = lookups.term(str(cells.get("term", "")))
    if term is None:
        known = ", ".join(t.roman for t in lookups.terms) or gettext("chưa có")
        error("term", gettext("Khóa “%(value)s” chưa có trong hệ thống (đang có: %(known)s). "
              "Hãy tạo nhiệm kỳ trong trang quản trị trước.")
              % {"value": cells.get("term", ""), "known": known})  # fmt: skip
        return None
    record = Record(number, key, term, person)
    if lookups.council(term) is None:
        error(
            "term",
            gettext("Khóa %(roman)s chưa có cơ quan “Hội đồng nhân dân”; hãy tạo trước.")
            % {"roman": term.roman},
        )
    value = str(cells.get("constituency", ""))
    if value:
        unit = lookups.unit(term, int(value)) if value.isdigit() else None
        if unit is None:
            error(
                "constituency",
                gettext("Khóa %(roman)s không có đơn vị bầu cử số “%(value)s”.")
                % {"roman": term.roman, "value": value},
            )
        record.constituency = unit
    value = str(cells.get("group", ""))
    if value:
        record.group = lookups.body(term, {Body.Kind.GROUP}, value)
        if record.group is None:
            names = "; ".join(lookups.bodies_of(term, {Body.Kind.GROUP})) or gettext(
                "chưa có tổ nào"
            )
            error(
                "group",
                gettext("Không có tổ “%(value)s” trong khóa %(roman)s (có: %(names)s).")
                % {"value": value, "roman": term.roman, "names": names},
            )
    role = fold(str(cells.get("group_role", "")))
    if role not in GROUP_ROLES:
        error("group_role", gettext("Chức danh trong tổ ghi “Tổ trưởng”, “Tổ phó” hoặc để trống."))
    else:
        record.group_role = GROUP_ROLES[role]
        if role and not value:
            error("group_role", gettext("Có chức danh trong tổ nhưng chưa ghi tổ đại biểu."))
    committee_kinds = {Body.Kind.COMMITTEE, Body.Kind.STANDING}
    value = str(cells.get("committee", ""))
    if value:
        record.committee = lookups.body(term, committee_kinds, value)
        if record.committee is None:
            names = "; ".join(lookups.bodies_of(term, committee_kinds)) or gettext(
                "chưa có ban nào"
            )
            error(
                "committee",
                gettext("Không có ban “%(value)s” trong khóa %(roman)s (có: %(names)s).")
                % {"value": value, "roman": term.roman, "names": names},
            )
    role = fold(str(cells.get("committee_role", "")))
    if role and role not in COMMITTEE_ROLES:
        error("committee_role", gettext("Chức danh trong ban ghi “Trưởng ban”, “Phó Trưởng "
              "ban”, “Ủy viên” (Thường trực: “Chủ tịch”, “Phó Chủ tịch”, “Ủy viên”)."))  # fmt: skip
    elif role:
        record.committee_role = COMMITTEE_ROLES[role]
        if not value:
            error("committee_role", gettext("Có chức danh trong ban nhưng chưa ghi tên ban."))
    value = fold(str(cells.get("full_time", "")))
    if value not in YES | NO:
        error("full_time", gettext("Cột Chuyên trách ghi “Có” hoặc “Không”."))
    record.full_time = value in YES
    for name_ in ("start_date", "end_date"):
        value = cells.get(name_, "")
        if value:
            try:
                setattr(record, name_, parse_date(value))
            except ValueError as exc:
                error(name_, str(exc))
    record.start_date = record.start_date or term.start_date
    if record.start_date < term.start_date or (term.end_date and record.start_date > term.end_date):
        if term.end_date:
            message = gettext(
                "Ngày bắt đầu phải nằm trong nhiệm kỳ khóa %(roman)s (từ %(start)s đến %(end)s)."
            )
        else:
            message = gettext("Ngày bắt đầu phải nằm trong nhiệm kỳ khóa %(roman)s (từ %(start)s).")
        error(
            "start_date",
            message
            % {
                "roman": term.roman,
                "start": _d(term.start_date),
                "end": _d(term.end_date) if term.end_date else "",
            },
        )
    if record.end_date and record.end_date < record.start_date:
        error("end_date", gettext("Ngày kết thúc trước ngày bắt đầu."))
    if record.end_date is None and term.end_date:
        record.end_date = term.end_date
    return record if len(errors) == start_count and not bad else None


# --- writing ----------------------------------------------------------------------------------


def _sync_post(person, term, kinds, body, role, start, end, full_time, changes, label):
    """The person's post among `kinds` bodies starting on `start` becomes (body, role)."""
    if body is None:
        return
    kinds = [kind for kind in kinds if kind == body.kind]
    existing = Membership.objects.filter(
        person=person, body__term=term, body__kind__in=kinds, start_date=start
    ).first()
    values = {"body": body, "role": role, "end_date": end, "full_time": full_time}
    if existing is None:
        Membership.objects.create(person=person, start_date=start, **values)
        changes.add(label, services.CREATED)
        return
    if services._apply(existing, values):
        existing.save()
        changes.add(label, services.UPDATED)
    else:
        changes.add(label, services.UNCHANGED)


def write(records: list[Record], progress: Callable = lambda it, **kw: it) -> services.Changes:
    changes = services.Changes()
    councils = {}
    for record in progress(records, desc="Ghi", unit="dòng"):
        person, outcome = services.upsert_person(record.key, record.person)
        changes.add("person", outcome)
        term = record.term
        council = councils.get(term.pk) or councils.setdefault(term.pk, services.council_of(term))
        seat = Membership.objects.filter(
            person=person, body=council, role=Membership.Role.DELEGATE
        ).first()
        values = {
            "start_date": record.start_date,
            "end_date": record.end_date,
            "constituency": record.constituency,
            "full_time": record.full_time,
        }
        if seat is None:
            Membership.objects.create(
                person=person, body=council, role=Membership.Role.DELEGATE, **values
            )
            changes.add("seat", services.CREATED)
        elif services._apply(seat, values):
            seat.save()
            changes.add("seat", services.UPDATED)
        else:
            changes.add("seat", services.UNCHANGED)
        common = (record.start_date, record.end_date)
        _sync_post(
            person, term, [Body.Kind.GROUP], record.group, record.group_role, *common,
            False, changes, "group",
        )  # fmt: skip
        _sync_post(
            person, term, [Body.Kind.COMMITTEE, Body.Kind.STANDING], record.committee,
            record.committee_role, *common, record.full_time, changes, "committee",
        )  # fmt: skip
    return changes


def import_file(
    data: bytes,
    filename: str,
    encoding: str | None = None,
    *,
    dry_run: bool = False,
    progress: Callable[[Iterable], Iterable] | None = None,
) -> ImportReport:
    """Read, validate everything, and only then write everything in one transaction."""
    progress = progress or (lambda it, **kw: it)
    report = ImportReport()
    try:
        rows, report.encoding = read_table(data, filename, encoding)
    except FileRejected as exc:
        report.errors = exc.errors
        return report
    report.rows = max(len(rows) - 1, 0)
    records, report.errors = validate(rows, progress)
    if report.errors or dry_run:
        return report
    with transaction.atomic():
        report.changes = write(records, progress)
    report.written = True
    return report
