"""Plain inputs of the builders: a session's agenda, its documents and who the copy is for.

Nothing here knows of HTTP or the ORM; `publishing.services` turns a session into these.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class SourceDocument:
    """One document as it goes into a packet or an e-book."""

    title: str
    number: str = ""
    kind: str = ""  # "Tờ trình", "Báo cáo"… as the reader should see it
    public: bool = True
    path: Path | str | None = None
    data: bytes | None = None
    # A problem known before the build (missing in storage, Office file not converted…):
    # the builders put a placeholder page naming it instead of the file.
    problem: str = ""
    key: str = ""  # stable id for logs and fingerprints, e.g. "doc-12-v3"
    text: str | None = None  # extracted text for the e-book (None: extract from the PDF)
    html: str | None = None  # ready XHTML body for the e-book (generated tables, Q&A)
    version: int | None = None
    changed_at: datetime.datetime | None = None

    @property
    def label(self) -> str:
        """How a log line or placeholder names the document: number and title."""
        return f"{self.number} – {self.title}" if self.number else self.title

    def read_bytes(self) -> bytes | None:
        if self.data is not None:
            return self.data
        if self.path is None:
            return None
        return Path(self.path).read_bytes()


@dataclass
class AgendaEntry:
    """One agenda item with its documents in reading order; `depth` 2 nests under the previous 1."""

    title: str
    code: str = ""
    depth: int = 1
    documents: list[SourceDocument] = field(default_factory=list)
    presenter: str = ""

    @property
    def heading(self) -> str:
        return f"{self.code}. {self.title}" if self.code else self.title


@dataclass
class Reader:
    """Who a personal copy is for: printed on the cover and in the watermark."""

    name: str
    account: str

    @property
    def label(self) -> str:
        return f"{self.name} ({self.account})" if self.account else self.name


@dataclass
class Packet:
    """Everything a packet or e-book of one session shows."""

    council: str  # "Hội đồng nhân dân tỉnh Quảng Trị"
    session: str  # "Kỳ họp thứ 12, HĐND tỉnh khóa XVI"
    dates: str  # "2/12 – 4/12/2025"
    edition: str  # "Bản dành cho đại biểu", "Bản công khai", "Tài liệu bổ sung"
    items: list[AgendaEntry] = field(default_factory=list)
    venue: str = ""
    build_label: str = ""  # "Bản số 3"
    built_at: datetime.datetime | None = None
    reader: Reader | None = None
    # A base for personal copies: leaves slots for the reader's name and the watermark.
    personal_base: bool = False
    identifier: str = ""  # urn for the e-book
    note: str = ""  # one line under the edition on the cover
    cover_title: str = "TÀI LIỆU KỲ HỌP"

    def documents(self):
        for item in self.items:
            yield from item.documents

    @property
    def title(self) -> str:
        return f"{self.session} – {self.edition}"
