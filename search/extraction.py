"""Text of each page of an uploaded file.

PDF: pypdf first; its text is scored (share of words that read as Vietnamese syllables,
numbers or plain words, penalties for replacement characters, private-use glyphs, "(cid:…)"
and stray combining marks), and when it scores badly `pdftotext` (poppler) is run and the
better of the two kept — per file. A PDF whose pages carry (almost) no text is a scan: its
status is NEEDS_OCR. DOCX/ODT give their text as one page.
"""

from __future__ import annotations

import io
import logging
import re
import shutil
import subprocess
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass, field

from core.text import fold

logger = logging.getLogger("council.search")

EXTRACTED = "extracted"
NEEDS_OCR = "needs_ocr"
FAILED = "failed"
GOOD_ENOUGH = 0.92
MIN_LETTERS_PER_PAGE = 15
PDFTOTEXT_TIMEOUT = 120

_SYLLABLE = re.compile(r"^(?:[bcdghklmnpqrstvx]{0,3}[aeiouy]{1,3}[cghmnpt]{0,2}|[a-z]{1,3}|\d+)$")
_CID = re.compile(r"\(cid:\d+\)")


@dataclass
class Extraction:
    pages: list[str] = field(default_factory=list)
    status: str = EXTRACTED
    method: str = ""
    score: float = 0.0
    error: str = ""


def text_quality(pages: list[str]) -> float:
    """0..1: how much of the text reads as real Vietnamese (or numbers, short codes)."""
    text = "\n".join(pages)
    words = re.findall(r"\w+", unicodedata.normalize("NFC", text))
    if not words:
        return 0.0
    good = sum(1 for w in words if _SYLLABLE.match(fold(w)))
    bad_chars = (
        text.count("\ufffd")
        + len(_CID.findall(text)) * 3
        + sum(1 for ch in text if unicodedata.category(ch) in {"Co", "Cs"})
        + sum(1 for ch in unicodedata.normalize("NFC", text) if unicodedata.category(ch) == "Mn")
    )
    return max(0.0, good / len(words) - bad_chars / max(len(text), 1) * 10)


def _letters(page: str) -> int:
    return sum(1 for ch in page if ch.isalpha())


def _clean_pages(pages: list[str]) -> list[str]:
    return [
        unicodedata.normalize("NFC", _CID.sub(" ", p)).replace("\x00", "").strip() for p in pages
    ]


def pypdf_pages(data: bytes) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        reader.decrypt("")
    return [page.extract_text() or "" for page in reader.pages]


def pdftotext_pages(data: bytes) -> list[str]:
    if not shutil.which("pdftotext"):
        raise RuntimeError("pdftotext is not installed")
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        result = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-q", handle.name, "-"],
            capture_output=True,
            timeout=PDFTOTEXT_TIMEOUT,
            check=True,
        )
    pages = result.stdout.decode("utf-8", "replace").split("\f")
    if pages and not pages[-1].strip():
        pages.pop()  # pdftotext ends every page, the last one too, with a form feed
    return pages


def _is_scan(pages: list[str]) -> bool:
    if not pages:
        return True
    empty = sum(1 for p in pages if _letters(p) < MIN_LETTERS_PER_PAGE)
    return empty * 2 > len(pages)


def extract_pdf(data: bytes) -> Extraction:
    candidates: list[Extraction] = []
    errors = []
    for method, reader in (("pypdf", pypdf_pages), ("pdftotext", pdftotext_pages)):
        try:
            pages = _clean_pages(reader(data))
        except Exception as exc:  # a broken or unusual PDF: try the other reader
            logger.info("%s failed: %s", method, exc)
            errors.append(f"{method}: {exc}")
            continue
        candidate = Extraction(pages, EXTRACTED, method, text_quality(pages))
        candidates.append(candidate)
        if candidate.score >= GOOD_ENOUGH and not _is_scan(pages):
            break
    if not candidates:
        return Extraction([], FAILED, "", 0.0, "; ".join(errors)[:500])
    best = max(candidates, key=lambda c: (c.score, sum(map(_letters, c.pages))))
    if _is_scan(best.pages):
        best.status = NEEDS_OCR
    return best


def _zip_xml_text(data: bytes, member: str, paragraph_tag: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read(member).decode("utf-8", "replace")
    xml = re.sub(rf"</{paragraph_tag}>", "\n", xml)
    text = re.sub(r"<[^>]+>", "", xml)
    import html

    return html.unescape(text)


def extract_bytes(data: bytes, name: str = "") -> Extraction:
    lower = name.lower()
    try:
        if data[:5] == b"%PDF-" or lower.endswith(".pdf"):
            return extract_pdf(data)
        if lower.endswith(".docx"):
            text = _zip_xml_text(data, "word/document.xml", "w:p")
            return Extraction(_clean_pages([text]), EXTRACTED, "docx", text_quality([text]))
        if lower.endswith(".odt"):
            text = _zip_xml_text(data, "content.xml", "text:p")
            return Extraction(_clean_pages([text]), EXTRACTED, "odt", text_quality([text]))
    except Exception as exc:
        logger.warning("extraction failed for %s: %s", name, exc)
        return Extraction([], FAILED, "", 0.0, str(exc)[:500])
    return Extraction([], FAILED, "", 0.0, "unsupported file type")


def extract_field_file(field_file) -> Extraction:
    field_file.open("rb")
    try:
        field_file.seek(0)
        data = field_file.read()
    finally:
        field_file.close()
    return extract_bytes(data, field_file.name or "")
