"""Reading a batch exported from the document management system: its files (a ZIP or a folder)
and its manifest (CSV or JSON), with each column's value parsed and every error kept."""

from __future__ import annotations

import csv
import datetime
import io
import json
import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from core.text import fold

from .filecheck import check_zip, safe_display_name

# Column → accepted headers (folded: no diacritics, lower case, single spaces).
COLUMNS = {
    "number": ("number", "so", "so ky hieu", "so, ky hieu", "so hieu", "ky hieu"),
    "kind": ("kind", "loai", "loai van ban"),
    "title": ("title", "trich yeu", "tieu de", "ten van ban"),
    "issuing_body": ("issuing body", "issuing_body", "co quan ban hanh", "noi ban hanh"),
    "signer": ("signer", "nguoi ky"),
    "issued_on": ("issued on", "issued_on", "ngay ban hanh", "ngay ky"),
    "effective_on": ("effective on", "effective_on", "ngay hieu luc", "ngay co hieu luc"),
    "session": ("session", "ky hop"),
    "agenda_item": ("agenda item", "agenda_item", "muc chuong trinh", "muc"),
    "access_level": ("access level", "access_level", "muc truy cap", "do mat", "muc do truy cap"),
    "release_at": ("release at", "release_at", "release time", "thoi diem phat hanh", "phat hanh"),
    "public_at": ("public at", "public_at", "cong khai tu"),
    "file": ("file", "file name", "file_name", "tep", "ten tep", "tep tin"),
}
COLUMN_LABELS = {
    "number": gettext_lazy("Số, ký hiệu"),
    "kind": gettext_lazy("Loại"),
    "title": gettext_lazy("Trích yếu"),
    "issuing_body": gettext_lazy("Cơ quan ban hành"),
    "signer": gettext_lazy("Người ký"),
    "issued_on": gettext_lazy("Ngày ban hành"),
    "effective_on": gettext_lazy("Ngày hiệu lực"),
    "session": pgettext_lazy("manifest column", "Kỳ họp"),
    "agenda_item": gettext_lazy("Mục chương trình"),
    "access_level": gettext_lazy("Mức truy cập"),
    "release_at": gettext_lazy("Thời điểm phát hành"),
    "public_at": gettext_lazy("Công khai từ"),
    "file": gettext_lazy("Tệp"),
    "": "",
}
MANIFEST_NAMES = ("manifest.csv", "manifest.json", "danh-muc.csv", "danh-muc.json", "danhmuc.csv")
ACCESS_LEVELS = {
    "public": "public",
    "cong khai": "public",
    "delegates": "delegates",
    "dai bieu": "delegates",
    "dai bieu hdnd": "delegates",
    "noi bo": "delegates",
    "restricted": "restricted",
    "han che": "restricted",
    "secret": "secret",
    "mat": "secret",
    "toi mat": "secret",
    "tuyet mat": "secret",
}
# Files an operating system leaves in folders and archives: never documents, never reported.
_JUNK = re.compile(r"(^|/)(__MACOSX/|\.DS_Store$|Thumbs\.db$|desktop\.ini$|\._)", re.IGNORECASE)


@dataclass
class BatchError:
    row: int  # 0: the batch as a whole; 1 = first data row
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": str(COLUMN_LABELS.get(self.column, self.column)),
                "message": self.message}  # fmt: skip


@dataclass
class ManifestRow:
    row: int
    values: dict[str, str]


@dataclass
class Batch:
    """A batch opened for reading. Files are read on demand, into memory only."""

    name: str
    rows: list[ManifestRow] = field(default_factory=list)
    errors: list[BatchError] = field(default_factory=list)
    file_keys: dict[str, str] = field(default_factory=dict)  # match key → member name
    manifest_member: str = ""
    _zip: zipfile.ZipFile | None = None
    _folder: Path | None = None

    def read(self, member: str) -> bytes:
        if self._zip is not None:
            return self._zip.read(member)
        assert self._folder is not None
        return (self._folder / member).read_bytes()

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()


def match_key(name: str) -> str:
    return unicodedata.normalize("NFC", name.replace("\\", "/")).strip().strip("/").casefold()


def open_batch(source, name: str = "", manifest: str | None = None) -> Batch:
    """A ZIP (path, bytes or file object), a folder, or a manifest file whose folder holds the
    files. Errors go to `batch.errors`; nothing is extracted or copied anywhere."""
    if isinstance(source, str | Path) and Path(source).is_dir():
        return _open_folder(Path(source), manifest)
    if isinstance(source, str | Path) and Path(source).suffix.lower() in {".csv", ".json"}:
        path = Path(source)
        return _open_folder(path.parent, path.name)
    if isinstance(source, str | Path):
        name = name or Path(source).name
        data = Path(source).read_bytes()
    elif isinstance(source, bytes | bytearray):
        data = bytes(source)
    else:
        source.seek(0)
        data = source.read()
    batch = Batch(name=safe_display_name(name or "lo-tai-lieu.zip"))
    try:
        check_zip(data, batch.name)
    except ValidationError as exc:
        batch.errors.append(BatchError(0, "", " ".join(exc.messages)))
        return batch
    batch._zip = zipfile.ZipFile(io.BytesIO(data))
    members = [
        info.filename
        for info in batch._zip.infolist()
        if not info.is_dir() and not _JUNK.search(info.filename)
    ]
    _index_files(batch, members, manifest)
    if batch.manifest_member:
        _parse_manifest(batch, batch.read(batch.manifest_member), batch.manifest_member)
    return batch


def _open_folder(folder: Path, manifest: str | None) -> Batch:
    batch = Batch(name=folder.name or str(folder), _folder=folder)
    members = []
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            message = _("Bỏ qua liên kết “%(name)s”: lô chỉ được chứa tệp thật.") % {
                "name": safe_display_name(path.name)
            }
            batch.errors.append(BatchError(0, "file", message))
            continue
        relative = path.relative_to(folder).as_posix()
        if path.is_file() and not _JUNK.search(relative):
            members.append(relative)
    _index_files(batch, members, manifest)
    if batch.manifest_member:
        _parse_manifest(batch, batch.read(batch.manifest_member), batch.manifest_member)
    return batch


def _index_files(batch: Batch, members: list[str], manifest: str | None) -> None:
    wanted = match_key(manifest) if manifest else None
    candidates = []
    for member in members:
        key = match_key(member)
        if wanted and key == wanted:
            batch.manifest_member = member
            continue
        if not wanted and (key in MANIFEST_NAMES or key.rsplit("/", 1)[-1] in MANIFEST_NAMES):
            candidates.append(member)
            continue
        batch.file_keys[key] = member
    if not wanted:
        if len(candidates) == 1:
            batch.manifest_member = candidates[0]
        elif not candidates:
            loose = [m for m in members if Path(m).suffix.lower() in {".csv", ".json"}]
            if len(loose) == 1:
                batch.manifest_member = loose[0]
                batch.file_keys.pop(match_key(loose[0]), None)
        else:
            batch.errors.append(
                BatchError(
                    0,
                    "",
                    _(
                        "Lô có nhiều tệp danh mục (%(names)s). Hãy để lại một tệp "
                        "manifest.csv hoặc manifest.json."
                    )
                    % {"names": ", ".join(safe_display_name(c) for c in candidates)},
                )
            )
            return  # fmt: skip
    if not batch.manifest_member:
        batch.errors.append(BatchError(0, "", _(
            "Không tìm thấy danh mục của lô. Hãy đặt tệp manifest.csv (hoặc manifest.json) cùng "
            "các tệp văn bản.")))  # fmt: skip


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise
        return str(best)


def _parse_manifest(batch: Batch, data: bytes, member: str) -> None:
    try:
        text = unicodedata.normalize("NFC", _decode(data))
    except UnicodeDecodeError:
        batch.errors.append(BatchError(0, "", _(
            "Không đọc được bảng mã của danh mục. Hãy lưu tệp CSV ở dạng UTF-8.")))  # fmt: skip
        return
    if member.lower().endswith(".json"):
        records = _json_records(batch, text)
    else:
        records = _csv_records(batch, text)
    for number, record in enumerate(records, start=1):
        if record.get(None):
            message = _(
                "Dòng có nhiều ô hơn dòng tiêu đề: có thể một ô chứa dấu phẩy mà chưa đặt trong "
                "ngoặc kép. Hãy lưu lại danh mục bằng Excel/LibreOffice dạng CSV UTF-8."
            )
            batch.errors.append(BatchError(number, "", message))
            continue
        values = {}
        for header, value in record.items():
            column = header_column(header)
            if column:
                values[column] = "" if value is None else str(value).strip()
        if any(values.values()):
            batch.rows.append(ManifestRow(number, values))
    if not batch.rows and not batch.errors:
        batch.errors.append(BatchError(0, "", _("Danh mục không có dòng nào.")))


def header_column(header: str) -> str | None:
    folded = fold(str(header or "")).replace("_", " ").strip(" :*")
    folded = re.sub(r"\s*\(.*\)$", "", folded)
    for column, names in COLUMNS.items():
        if folded in names or folded.replace(" ", "_") == column:
            return column
    return None


def _json_records(batch: Batch, text: str) -> list[dict]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        batch.errors.append(BatchError(0, "", _(
            "Danh mục JSON sai cú pháp (dòng %(line)s, cột %(col)s). Hãy kiểm tra lại tệp.")
            % {"line": exc.lineno, "col": exc.colno}))  # fmt: skip
        return []
    if isinstance(data, dict):
        data = data.get("documents") or data.get("van_ban") or data.get("items")
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        batch.errors.append(
            BatchError(
                0,
                "",
                _('Danh mục JSON phải là một danh sách các văn bản (hoặc {"documents": [...]}).'),
            )
        )
        return []  # fmt: skip
    return data


def _csv_records(batch: Batch, text: str) -> list[dict]:
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    headers = reader.fieldnames or []
    known = [h for h in headers if header_column(h)]
    if not known:
        batch.errors.append(
            BatchError(
                0,
                "",
                _(
                    "Dòng tiêu đề của danh mục không có cột nào quen thuộc. Các cột cần có: "
                    "Số, ký hiệu; Loại; Trích yếu; Cơ quan ban hành; Người ký; Ngày ban hành; "
                    "Kỳ họp; Mục chương trình; Mức truy cập; Thời điểm phát hành; Tệp."
                ),
            )
        )
        return []  # fmt: skip
    if not any(header_column(h) == "title" for h in headers):
        batch.errors.append(BatchError(0, "title", _(
            "Danh mục thiếu cột “Trích yếu” (title).")))  # fmt: skip
    return list(reader)


# --- values -----------------------------------------------------------------------------------


def parse_date(value: str) -> datetime.date | None:
    """d/m/yyyy (also d-m-yyyy, d.m.yyyy, and yyyy-mm-dd from JSON); None for empty."""
    value = (value or "").strip()
    if not value:
        return None
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", value)
    iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value)
    try:
        if match:
            return datetime.date(int(match[3]), int(match[2]), int(match[1]))
        if iso:
            return datetime.date(int(iso[1]), int(iso[2]), int(iso[3]))
    except ValueError:
        pass
    raise ValidationError(
        _("Ngày “%(value)s” không hợp lệ. Hãy viết ngày/tháng/năm, ví dụ 15/7/2024.")
        % {"value": value}
    )


def parse_datetime(value: str) -> datetime.datetime | None:
    """d/m/yyyy [HH:MM] in the site's time zone; None for empty."""
    value = (value or "").strip()
    if not value:
        return None
    match = re.fullmatch(r"(.+?)(?:\s+|T)(\d{1,2})[:h](\d{2})(?::\d{2})?", value)
    date_part, hour, minute = (match[1], int(match[2]), int(match[3])) if match else (value, 0, 0)
    try:
        date = parse_date(date_part)
        moment = datetime.datetime.combine(date, datetime.time(hour, minute))
    except (ValidationError, ValueError):
        raise ValidationError(
            _(
                "Thời điểm “%(value)s” không hợp lệ. Hãy viết ngày/tháng/năm giờ:phút, ví dụ "
                "20/7/2024 08:00 (hoặc chỉ ngày)."
            )
            % {"value": value}
        )
    return timezone.make_aware(moment)


def parse_access_level(value: str) -> str:
    folded = fold(value or "")
    if not folded:
        return "delegates"
    if folded in ACCESS_LEVELS:
        return ACCESS_LEVELS[folded]
    raise ValidationError(
        _(
            "Mức truy cập “%(value)s” không hợp lệ. Dùng một trong: Công khai, Đại biểu, "
            "Hạn chế, Mật, Tối mật, Tuyệt mật."
        )
        % {"value": value}
    )


def parse_kind(value: str) -> str:
    from library.models import DocumentKind

    folded = fold(value or "")
    if not folded:
        return DocumentKind.OTHER
    for choice, label in DocumentKind.choices:
        # The labels in both interface languages: a manifest is written in Vietnamese whatever
        # language the person uploading it reads the admin in.
        with translation.override("vi"):
            vietnamese = fold(str(label))
        with translation.override("en"):
            english = fold(str(label))
        if folded in {choice, vietnamese, english, fold(str(label))}:
            return choice
    aliases = {"nghi quyet qppl": "nq_qppl", "ket luan": "tb", "thong bao": "tb",
               "to trinh": "tt", "khac": "khac", "tai lieu": "khac"}  # fmt: skip
    if folded in aliases:
        return aliases[folded]
    raise ValidationError(
        _("Loại văn bản “%(value)s” không có trong danh mục loại. Dùng một trong: %(kinds)s.")
        % {"value": value, "kinds": ", ".join(str(label) for _c, label in DocumentKind.choices)}
    )


def session_parts(value: str) -> tuple[int, int] | None:
    """(session number, term number) from "12/XVI", "Kỳ họp thứ 12, khóa XVI",
    "khoa-xvi/ky-hop-thu-12"; None when it cannot be read."""
    folded = fold(value or "").replace("-", " ")
    slug = re.fullmatch(r"khoa ([ivxlcdm]+|\d+)\s*/\s*ky hop thu (\d+)", folded)
    if slug:
        return int(slug[2]), _term_number(slug[1])
    match = re.fullmatch(
        r"(?:ky hop(?: thu)?\s*)?(\d+)\s*(?:/|,|\s)\s*"
        r"(?:hdnd tinh\s*)?(?:khoa\s*)?([ivxlcdm]+|\d+)",
        folded,
    )
    if match:
        return int(match[1]), _term_number(match[2])
    return None


def _term_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
    total = 0
    for index, letter in enumerate(text):
        value = values[letter]
        following = values[text[index + 1]] if index + 1 < len(text) else 0
        total += -value if value < following else value
    return total


def file_extension(name: str) -> str:
    return os.path.splitext(name)[1].lower().lstrip(".")
