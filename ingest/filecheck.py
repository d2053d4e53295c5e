"""The one hostile-file check every upload path calls: `check_upload(fileobj, declared_name)`.

It decides the type from the content (never from the name), refuses what is damaged, encrypted,
too large or a zip bomb, strips active content from PDFs (JavaScript, automatic actions, launch
actions, embedded files, XFA) and returns the cleaned bytes with the untouched original kept
aside for the secretariat. A declared name never reaches a path: only `display_name` is kept.
"""

from __future__ import annotations

import hashlib
import io
import os
import posixpath
import re
import subprocess
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# What each kind is, as the secretariat reads it, and the extensions a name may carry for it.
KINDS = {
    "pdf": ("application/pdf", ("pdf",), "PDF"),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ("docx",),
        "Word (DOCX)",
    ),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ("xlsx",),
        "Excel (XLSX)",
    ),
    "odt": ("application/vnd.oasis.opendocument.text", ("odt",), "OpenDocument (ODT)"),
    "epub": ("application/epub+zip", ("epub",), "EPUB"),
    "zip": ("application/zip", ("zip",), "ZIP"),
}
OFFICE_KINDS = {"docx", "xlsx", "odt"}
DOCUMENT_KINDS = frozenset({"pdf", "docx", "xlsx", "odt", "epub"})
# Kinds libmagic may name that we describe when refusing them (a PNG renamed .pdf…).
_FOREIGN_LABELS = {
    "image/png": gettext_lazy("ảnh PNG"),
    "image/jpeg": gettext_lazy("ảnh JPEG"),
    "image/gif": gettext_lazy("ảnh GIF"),
    "image/tiff": gettext_lazy("ảnh TIFF"),
    "text/html": gettext_lazy("trang HTML"),
    "text/plain": gettext_lazy("văn bản thuần (TXT)"),
    "application/x-dosexec": gettext_lazy("chương trình chạy được (EXE)"),
    "application/x-executable": gettext_lazy("chương trình chạy được"),
    "application/msword": gettext_lazy("Word đời cũ (DOC)"),
    "application/vnd.ms-excel": gettext_lazy("Excel đời cũ (XLS)"),
}
DANGEROUS_ACTIONS = {
    "/JavaScript",
    "/Launch",
    "/ImportData",
    "/SubmitForm",
    "/GoToE",
    "/RichMediaExecute",
    "/Rendition",
    "/Sound",
    "/Movie",
}
DANGEROUS_ANNOTATIONS = {"/FileAttachment", "/RichMedia", "/Screen", "/Movie", "/Sound", "/3D"}


def limit(name: str):
    defaults = {
        "INGEST_MAX_FILE_BYTES": 200 * 1024 * 1024,
        "INGEST_MAX_PDF_PAGES": 3000,
        "INGEST_ZIP_MAX_MEMBERS": 5000,
        "INGEST_ZIP_MAX_UNCOMPRESSED": 1024 * 1024 * 1024,
        "INGEST_ZIP_MAX_RATIO": 100,
        "INGEST_QPDF_TIMEOUT": 120,
    }
    return getattr(settings, name, defaults[name])


@dataclass
class CheckedFile:
    """An upload that passed the checks. `data` is what may be stored and served; `original`
    is the untouched upload when something was stripped (for the secretariat only)."""

    data: bytes
    kind: str
    display_name: str
    page_count: int | None = None
    removed: list[str] = field(default_factory=list)
    original: bytes | None = None

    @property
    def extension(self) -> str:
        return KINDS[self.kind][1][0]

    @property
    def content_type(self) -> str:
        return KINDS[self.kind][0]

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def original_sha256(self) -> str:
        return hashlib.sha256(self.original if self.original is not None else self.data).hexdigest()

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def was_cleaned(self) -> bool:
        return self.original is not None

    @property
    def needs_pdf_conversion(self) -> bool:
        return self.kind in OFFICE_KINDS


# --- names ------------------------------------------------------------------------------------


def safe_display_name(declared_name: str, default: str = "tep-tai-len") -> str:
    """A name to show people, never to build a path with: NFC, last path part only, no control
    characters or leading dots, at most 120 characters with the extension kept."""
    name = unicodedata.normalize("NFC", str(declared_name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.sub(r"\s+", " ", name).strip().lstrip(".").strip()
    if name in {"", ".", ".."}:
        return default
    stem, ext = os.path.splitext(name)
    if not re.fullmatch(r"\.[A-Za-z0-9]{1,8}", ext or ""):
        stem, ext = name, ""
    stem = stem[: 120 - len(ext)].rstrip(" .") or default
    return stem + ext.lower()


def declared_extension(declared_name: str) -> str:
    ext = os.path.splitext(safe_display_name(declared_name))[1].lower().lstrip(".")
    return ext


# --- the check --------------------------------------------------------------------------------


def check_upload(
    fileobj, declared_name: str, *, allowed=DOCUMENT_KINDS, strip_active: bool = True
) -> CheckedFile:
    """Check one upload; return a CheckedFile or raise a ValidationError that says what to fix.

    `fileobj` is bytes or a binary file object (read into memory, up to the size limit)."""
    display_name = safe_display_name(declared_name)
    data = _read_limited(fileobj, display_name)
    if not data:
        raise ValidationError(
            _("Tệp “%(name)s” rỗng (0 byte). Hãy xuất lại tệp từ hệ thống và tải lên lại.")
            % {"name": display_name}
        )
    kind = detect_kind(data)
    _check_name_matches(kind, display_name, data)
    if kind not in allowed:
        raise ValidationError(
            _("Tệp “%(name)s” là %(kind)s; ở đây chỉ nhận %(allowed)s.")
            % {
                "name": display_name,
                "kind": KINDS[kind][2],
                "allowed": ", ".join(KINDS[k][2] for k in sorted(allowed)),
            }
        )
    if kind == "pdf":
        return _check_pdf(data, display_name, strip_active=strip_active)
    check_zip(data, display_name)
    if kind == "epub":
        _check_epub(data, display_name)
    return CheckedFile(data=data, kind=kind, display_name=display_name)


def _read_limited(fileobj, display_name: str) -> bytes:
    max_bytes = limit("INGEST_MAX_FILE_BYTES")
    if isinstance(fileobj, bytes | bytearray | memoryview):
        data = bytes(fileobj)
    else:
        if hasattr(fileobj, "seek"):
            fileobj.seek(0)
        data = fileobj.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValidationError(
            _(
                "Tệp “%(name)s” quá lớn (hơn %(max)s MB). Hãy chia nhỏ tệp hoặc giảm độ phân giải "
                "bản quét (300 dpi là đủ)."
            )
            % {"name": display_name, "max": max_bytes // (1024 * 1024)}
        )
    return data


def detect_kind(data: bytes) -> str:
    """The kind by content. ZIP containers are told apart by their members."""
    if data[:5] == b"%PDF-" or (b"%PDF-" in data[:1024] and _mime(data) == "application/pdf"):
        return "pdf"
    if data[:4] == b"PK\x03\x04":
        return _zip_container_kind(data)
    return "other"


def _mime(data: bytes) -> str:
    try:
        import magic

        return magic.from_buffer(data[:65536], mime=True) or ""
    except Exception:  # libmagic missing: fall back to filetype's signatures
        import filetype

        guess = filetype.guess(data[:8192])
        return guess.mime if guess else ""


def _zip_container_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = ""
            if "mimetype" in names and archive.getinfo("mimetype").file_size < 200:
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        return "zip"
    if mimetype == "application/epub+zip":
        return "epub"
    if mimetype == "application/vnd.oasis.opendocument.text":
        return "odt"
    if "[Content_Types].xml" in names:
        if any(n.startswith("word/") for n in names):
            return "docx"
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
    return "zip"


def _check_name_matches(kind: str, display_name: str, data: bytes) -> None:
    ext = declared_extension(display_name)
    if kind == "other":
        mime = _mime(data)
        label = str(_FOREIGN_LABELS.get(mime, mime or _("không rõ loại")))
        raise ValidationError(
            _(
                "Tệp “%(name)s” có nội dung là %(label)s, không phải tài liệu được nhận (PDF, "
                "DOCX, XLSX, ODT, EPUB). Hãy tải lên đúng tệp văn bản; bản quét phải ở dạng PDF."
            )
            % {"name": display_name, "label": label}
        )
    if ext and ext not in KINDS[kind][1]:
        raise ValidationError(
            _(
                "Tên tệp “%(name)s” ghi đuôi .%(ext)s nhưng nội dung thực là %(kind)s. Hệ thống "
                "không nhận tệp có tên không khớp nội dung: hãy kiểm tra lại tệp (có thể bị đổi "
                "tên nhầm) và xuất lại đúng định dạng."
            )
            % {"name": display_name, "ext": ext, "kind": KINDS[kind][2]}
        )


# --- PDF --------------------------------------------------------------------------------------


def _check_pdf(data: bytes, display_name: str, *, strip_active: bool) -> CheckedFile:
    import pikepdf

    damaged = _(
        "Tệp PDF “%(name)s” bị hỏng hoặc không đầy đủ (có thể chưa tải về xong). Hãy xuất lại "
        "tệp PDF từ hệ thống quản lý văn bản rồi tải lên lại."
    ) % {"name": display_name}
    encrypted = _(
        "Tệp PDF “%(name)s” có mật khẩu hoặc bị mã hóa nên không thể lưu trữ và tìm kiếm. Hãy "
        "gỡ mật khẩu (lưu lại bản không mã hóa) rồi tải lên lại."
    ) % {"name": display_name}
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        raise ValidationError(encrypted, code="encrypted")
    except (pikepdf.PdfError, ValueError, OSError):
        raise ValidationError(damaged, code="damaged")
    with pdf:
        if pdf.is_encrypted:
            raise ValidationError(encrypted, code="encrypted")
        _qpdf_check(data, damaged)
        try:
            page_count = len(pdf.pages)
        except (pikepdf.PdfError, RuntimeError):
            raise ValidationError(damaged, code="damaged")
        if page_count == 0:
            raise ValidationError(
                _("Tệp PDF “%(name)s” không có trang nào. Hãy kiểm tra lại tệp.")
                % {"name": display_name}
            )
        max_pages = limit("INGEST_MAX_PDF_PAGES")
        if page_count > max_pages:
            raise ValidationError(
                _(
                    "Tệp PDF “%(name)s” có %(count)s trang, vượt giới hạn %(max)s trang. Hãy chia "
                    "thành nhiều tệp."
                )  # fmt: skip
                % {"name": display_name, "count": page_count, "max": max_pages}
            )
        removed = find_active_content(pdf)
        if not removed:
            return CheckedFile(data=data, kind="pdf", display_name=display_name,
                               page_count=page_count)  # fmt: skip
        if not strip_active:
            raise ValidationError(
                _(
                    "Tệp PDF “%(name)s” chứa nội dung có thể gây hại (%(what)s). Hãy xuất lại tệp "
                    "PDF không có các thành phần này."
                )  # fmt: skip
                % {"name": display_name, "what": ", ".join(removed)}
            )
        strip_active_content(pdf)
        out = io.BytesIO()
        pdf.save(out)
    cleaned = out.getvalue()
    with pikepdf.open(io.BytesIO(cleaned)) as again:
        left = find_active_content(again)
    if left:  # should not happen: refuse rather than serve something still active
        raise ValidationError(
            _(
                "Không gỡ được nội dung có thể gây hại (%(what)s) khỏi tệp “%(name)s”. Hãy xuất "
                "lại tệp PDF sạch."
            )  # fmt: skip
            % {"name": display_name, "what": ", ".join(left)}
        )
    return CheckedFile(
        data=cleaned,
        kind="pdf",
        display_name=display_name,
        page_count=page_count,
        removed=removed,
        original=data,
    )


def _qpdf_check(data: bytes, damaged_message: str) -> None:
    """qpdf --check on a private temporary copy (removed before returning)."""
    with tempfile.TemporaryDirectory(prefix="council-check-") as folder:
        path = os.path.join(folder, "check.pdf")
        with open(path, "wb") as handle:
            handle.write(data)
        try:
            result = subprocess.run(
                ["qpdf", "--check", path],
                capture_output=True,
                timeout=limit("INGEST_QPDF_TIMEOUT"),
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise ValidationError(damaged_message, code="damaged")
        except OSError:  # qpdf missing: pikepdf (the same library) has already opened it
            return
    output = (result.stdout + result.stderr).decode("utf-8", "replace").lower()
    if result.returncode == 2 or (
        result.returncode == 3 and ("damaged" in output or "reconstruct" in output)
    ):
        raise ValidationError(damaged_message, code="damaged")


def _name(value) -> str:
    return str(value) if value is not None else ""


def _is_dangerous_action(action) -> bool:
    import pikepdf

    if not isinstance(action, pikepdf.Dictionary):
        return False
    return _name(action.get("/S")) in DANGEROUS_ACTIONS or "/JS" in action


def _all_dictionaries(pdf):
    """Every dictionary of the file: indirect objects and the direct ones nested inside them
    (an annotation's action is often a direct dictionary)."""
    import pikepdf

    def walk(obj, depth=0):
        if depth > 50:
            return
        if isinstance(obj, pikepdf.Dictionary):
            yield obj
            children = [value for _key, value in obj.items()]
        elif isinstance(obj, pikepdf.Array):
            children = list(obj)
        else:
            return
        for child in children:
            if isinstance(child, pikepdf.Dictionary | pikepdf.Array) and not child.is_indirect:
                yield from walk(child, depth + 1)

    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Array):
            yield from walk(obj)


def find_active_content(pdf) -> list[str]:
    """Labels (Vietnamese) of the active content found in an open pikepdf document."""
    import pikepdf

    found: set[str] = set()
    root = pdf.Root
    if "/OpenAction" in root:
        found.add(_("hành động tự chạy khi mở (OpenAction)"))
    if "/AA" in root:
        found.add(_("hành động tự động (AA)"))
    names = root.get("/Names")
    if isinstance(names, pikepdf.Dictionary):
        if "/JavaScript" in names:
            found.add(_("mã JavaScript"))
        if "/EmbeddedFiles" in names:
            found.add(_("tệp đính kèm nhúng"))
    acroform = root.get("/AcroForm")
    if isinstance(acroform, pikepdf.Dictionary) and "/XFA" in acroform:
        found.add(_("biểu mẫu XFA"))
    for obj in _all_dictionaries(pdf):
        action = _name(obj.get("/S"))
        if "/JS" in obj or action == "/JavaScript":
            found.add(_("mã JavaScript"))
        elif action == "/Launch":
            found.add(_("lệnh chạy chương trình (Launch)"))
        elif action in DANGEROUS_ACTIONS:
            found.add(_("hành động nguy hiểm (%(action)s)") % {"action": action.lstrip("/")})
        if "/AA" in obj:
            found.add(_("hành động tự động (AA)"))
        if "/EF" in obj or _name(obj.get("/Subtype")) in DANGEROUS_ANNOTATIONS:
            found.add(_("tệp đính kèm nhúng"))
    return sorted(found)


def strip_active_content(pdf) -> None:
    """Remove active content in place; the pages' visible content is untouched."""
    import pikepdf

    root = pdf.Root
    for key in ("/OpenAction", "/AA"):
        if key in root:
            del root[key]
    names = root.get("/Names")
    if isinstance(names, pikepdf.Dictionary):
        for key in ("/JavaScript", "/EmbeddedFiles"):
            if key in names:
                del names[key]
    acroform = root.get("/AcroForm")
    if isinstance(acroform, pikepdf.Dictionary) and "/XFA" in acroform:
        del acroform["/XFA"]
    for page in pdf.pages:
        annots = page.obj.get("/Annots")
        if isinstance(annots, pikepdf.Array):
            kept = [
                a
                for a in annots
                if not (
                    isinstance(a, pikepdf.Dictionary)
                    and _name(a.get("/Subtype")) in DANGEROUS_ANNOTATIONS
                )
            ]
            if len(kept) != len(annots):
                page.obj["/Annots"] = pikepdf.Array(kept)
    for obj in list(_all_dictionaries(pdf)):
        for key in ("/AA", "/JS", "/EF"):
            if key in obj:
                del obj[key]
        for key in ("/A", "/Next", "/PA"):
            if key in obj and _is_dangerous_action(obj[key]):
                del obj[key]
        if _name(obj.get("/S")) in DANGEROUS_ACTIONS:
            # An action object still referenced elsewhere: make it do nothing.
            for key in list(obj.keys()):
                del obj[key]
            obj["/S"] = pikepdf.Name("/Named")
            obj["/N"] = pikepdf.Name("/NextPage")
        if _name(obj.get("/Subtype")) in DANGEROUS_ANNOTATIONS and "/FS" in obj:
            del obj["/FS"]


# --- ZIP containers ---------------------------------------------------------------------------


def unsafe_member_name(name: str) -> bool:
    normalized = name.replace("\\", "/")
    if normalized.startswith("/") or re.match(r"^[A-Za-z]:", normalized):
        return True
    return ".." in normalized.split("/") or "\x00" in normalized


def check_zip(data: bytes, display_name: str) -> None:
    """Refuse zip bombs and unsafe member names; the members are decompressed (not stored) with
    a running cap so a lying header cannot get past the limits."""
    max_members = limit("INGEST_ZIP_MAX_MEMBERS")
    max_total = limit("INGEST_ZIP_MAX_UNCOMPRESSED")
    max_ratio = limit("INGEST_ZIP_MAX_RATIO")
    bomb = _(
        "Tệp nén “%(name)s” bung ra quá lớn so với kích thước của nó (nghi là “bom nén”), nên bị "
        "từ chối. Hãy kiểm tra lại tệp hoặc gửi các tệp riêng lẻ."
    ) % {"name": display_name}
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ValidationError(
            _("Tệp nén “%(name)s” bị hỏng, không mở được. Hãy nén lại và tải lên lại.")
            % {"name": display_name}
        )
    with archive:
        infos = archive.infolist()
        if len(infos) > max_members:
            raise ValidationError(
                _("Tệp nén “%(name)s” có %(count)s mục, vượt giới hạn %(max)s. Hãy chia nhỏ lô.")
                % {"name": display_name, "count": len(infos), "max": max_members}
            )
        for info in infos:
            if unsafe_member_name(info.filename):
                raise ValidationError(
                    _(
                        "Tệp nén “%(name)s” chứa mục có đường dẫn không an toàn (“%(member)s”). "
                        "Hãy nén lại chỉ gồm các tệp, không có “../” hay đường dẫn tuyệt đối."
                    )
                    % {"name": display_name, "member": safe_display_name(info.filename)[:80]}
                )
            if info.flag_bits & 0x1:
                raise ValidationError(
                    _("Tệp nén “%(name)s” có mật khẩu. Hãy nén lại không đặt mật khẩu.")
                    % {"name": display_name}
                )
        declared = sum(i.file_size for i in infos)
        if declared > max_total or declared > max(len(data), 1) * max_ratio:
            raise ValidationError(bomb, code="zip_bomb")
        total = 0
        for info in infos:
            if info.is_dir():
                continue
            member_total = 0
            try:
                with archive.open(info) as member:
                    while chunk := member.read(1024 * 1024):
                        member_total += len(chunk)
                        total += len(chunk)
                        if total > max_total or member_total > max(
                            info.compress_size * max_ratio, 1024 * 1024
                        ):
                            raise ValidationError(bomb, code="zip_bomb")
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, ValueError):
                raise ValidationError(
                    _("Tệp nén “%(name)s” có mục bị hỏng (“%(member)s”). Hãy nén lại.")
                    % {"name": display_name, "member": safe_display_name(info.filename)[:80]}
                )


def _check_epub(data: bytes, display_name: str) -> None:
    broken = _(
        "Sách điện tử “%(name)s” không mở được (thiếu hoặc hỏng META-INF/container.xml hay tệp "
        "OPF). Hãy xuất lại tệp EPUB."
    ) % {"name": display_name}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            container = ElementTree.fromstring(archive.read("META-INF/container.xml"))
            rootfile = next((el for el in container.iter() if el.tag.endswith("rootfile")), None)
            if rootfile is None or not rootfile.get("full-path"):
                raise ValidationError(broken)
            opf_path = posixpath.normpath(rootfile.get("full-path"))
            if unsafe_member_name(opf_path):
                raise ValidationError(broken)
            opf = ElementTree.fromstring(archive.read(opf_path))
            if not opf.tag.endswith("package"):
                raise ValidationError(broken)
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError, OSError, ValueError):
        raise ValidationError(broken)
