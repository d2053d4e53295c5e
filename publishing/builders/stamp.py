"""A personal copy of a packet: the cached base plus one incremental update for one reader.

The base leaves two empty form XObjects (the watermark drawn on every page of a non-public
document, the reader's block on the cover). A personal copy is the base's bytes followed by new
versions of those two objects and of the document information, so its cost does not grow with
the page count. Any shared-watermark design can be undone by editing one object; the watermark
is there to name the copy's owner, not to lock the file.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import os
import re
import shutil
import zlib
from pathlib import Path

import pikepdf
from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    EncodedStreamObject,
    FloatObject,
    IndirectObject,
    NameObject,
    StreamObject,
    TextStringObject,
)

from core.fonts import register_reportlab_fonts

from .inputs import Reader
from .packet import A4, draw_reader_block
from .text import vn_datetime


class StampError(Exception):
    """The base is not a personal base (or is damaged): rebuild it."""


def _overlay_pdf(reader: Reader, stamped_at: datetime.datetime) -> bytes:
    """Page 1: the watermark (A4); page 2: the cover's reader block."""
    from reportlab import rl_config
    from reportlab.lib.colors import Color
    from reportlab.pdfgen import canvas

    rl_config.invariant = 1
    regular, bold = register_reportlab_fonts()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
    width, height = A4
    line = f"{reader.name} · {reader.account} · {vn_datetime(stamped_at)}"
    pdf.saveState()
    pdf.setFillColor(Color(0.62, 0.11, 0.11, alpha=0.13))
    pdf.translate(width / 2, height / 2)
    pdf.rotate(40)
    pdf.setFont(bold, 20)
    for offset in (-260, 0, 260):
        pdf.drawCentredString(0, offset, line)
    pdf.restoreState()
    pdf.setFillColor(Color(0.62, 0.11, 0.11, alpha=0.55))
    pdf.setFont(regular, 7)
    pdf.drawString(36, 15, f"Bản cá nhân của {reader.name} ({reader.account}) – không chuyển tiếp")
    pdf.showPage()
    draw_reader_block(pdf, reader, stamped_at)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _base_facts(base_path: Path) -> dict:
    with pikepdf.open(base_path) as pdf:
        slots = pdf.Root.get("/CouncilPacket")
        if slots is None:
            raise StampError("Tệp gốc không có chỗ đóng dấu cá nhân; hãy tạo lại bản gốc.")
        info = pdf.trailer.get("/Info")
        ids = pdf.trailer.get("/ID")
        facts = {
            "size": int(pdf.trailer.Size),
            "root": pdf.Root.objgen,
            "info": info.objgen if info is not None else None,
            "watermark": slots.Watermark.objgen,
            "reader": slots.Reader.objgen,
            "id0": bytes(ids[0]) if ids is not None else b"",
            "title": str(info.get("/Title", "")) if info is not None else "",
            "info_items": {k: str(v) for k, v in info.items()} if info is not None else {},
        }
    with open(base_path, "rb") as handle:
        handle.seek(0, os.SEEK_END)
        end = handle.tell()
        handle.seek(max(0, end - 2048))
        tail = handle.read()
    found = re.findall(rb"startxref\s+(\d+)\s+%%EOF", tail)
    if not found:
        raise StampError("Không tìm thấy bảng tham chiếu của tệp gốc; hãy tạo lại bản gốc.")
    facts["startxref"] = int(found[-1])
    facts["length"] = end
    return facts


class _Renumber:
    """Copies pypdf objects of the overlay, giving indirect objects numbers after the base's."""

    def __init__(self, next_number: int):
        self.next_number = next_number
        self.mapping: dict[int, int] = {}
        self.pending: list[tuple[int, object]] = []

    def ref(self, indirect: IndirectObject) -> IndirectObject:
        number = self.mapping.get(indirect.idnum)
        if number is None:
            number = self.next_number
            self.next_number += 1
            self.mapping[indirect.idnum] = number
            self.pending.append((number, indirect.get_object()))
        return IndirectObject(number, 0, None)  # type: ignore[arg-type]

    def copy(self, obj):
        if isinstance(obj, IndirectObject):
            return self.ref(obj)
        if isinstance(obj, StreamObject):
            new = EncodedStreamObject() if "/Filter" in obj else DecodedStreamObject()
            new._data = obj._data
            for key, value in obj.items():
                if key != "/Length":
                    new[NameObject(key)] = self.copy(value)
            return new
        if isinstance(obj, DictionaryObject):
            return DictionaryObject({NameObject(k): self.copy(v) for k, v in obj.items()})
        if isinstance(obj, ArrayObject):
            return ArrayObject(self.copy(v) for v in obj)
        return obj


def _form(page, renumber: _Renumber) -> StreamObject:
    data = page.get_contents().get_data() if page.get_contents() is not None else b""
    form = EncodedStreamObject()
    form._data = zlib.compress(data)
    form[NameObject("/Type")] = NameObject("/XObject")
    form[NameObject("/Subtype")] = NameObject("/Form")
    form[NameObject("/Filter")] = NameObject("/FlateDecode")
    form[NameObject("/BBox")] = ArrayObject(
        [FloatObject(0), FloatObject(0), FloatObject(A4[0]), FloatObject(A4[1])]
    )
    form[NameObject("/Resources")] = renumber.copy(page.get("/Resources", DictionaryObject()))
    return form


def personalize(
    base_path: Path | str,
    out_path: Path | str,
    reader: Reader,
    stamped_at: datetime.datetime,
) -> Path:
    """Write the reader's copy of the base at `out_path` (beside it first, then renamed)."""
    base_path, out_path = Path(base_path), Path(out_path)
    facts = _base_facts(base_path)
    overlay = PdfReader(io.BytesIO(_overlay_pdf(reader, stamped_at)))
    renumber = _Renumber(facts["size"])
    objects: dict[int, object] = {
        facts["watermark"][0]: _form(overlay.pages[0], renumber),
        facts["reader"][0]: _form(overlay.pages[1], renumber),
    }
    while renumber.pending:
        number, obj = renumber.pending.pop(0)
        objects[number] = renumber.copy(obj)
    info = DictionaryObject(
        {NameObject(k): TextStringObject(v) for k, v in facts["info_items"].items()}
    )
    info[NameObject("/Title")] = TextStringObject(f"{facts['title']} – {reader.name}")
    info[NameObject("/Keywords")] = TextStringObject(f"Bản cá nhân: {reader.label}")
    if facts["info"] is not None:
        objects[facts["info"][0]] = info
        info_number = facts["info"][0]
    else:
        info_number = renumber.next_number
        renumber.next_number += 1
        objects[info_number] = info

    update = io.BytesIO()
    offsets: dict[int, int] = {}
    start = facts["length"]
    update.write(b"\n")
    for number in sorted(objects):
        offsets[number] = start + update.tell()
        update.write(f"{number} 0 obj\n".encode())
        objects[number].write_to_stream(update)
        update.write(b"\nendobj\n")
    xref_at = start + update.tell()
    update.write(b"xref\n")
    numbers = sorted(offsets)
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    for run in runs:
        update.write(f"{run[0]} {len(run)}\n".encode())
        for number in run:
            update.write(f"{offsets[number]:010d} 00000 n\r\n".encode())
    new_id = hashlib.md5(
        facts["id0"] + reader.account.encode() + stamped_at.isoformat().encode()
    ).hexdigest()
    id0 = facts["id0"].hex() or new_id
    root = facts["root"]
    update.write(
        (
            f"trailer\n<< /Size {max(renumber.next_number, facts['size'])} "
            f"/Root {root[0]} {root[1]} R /Info {info_number} 0 R /Prev {facts['startxref']} "
            f"/ID [<{id0}> <{new_id}>] >>\nstartxref\n{xref_at}\n%%EOF\n"
        ).encode()
    )
    partial = out_path.with_name(out_path.name + ".part")
    shutil.copyfile(base_path, partial)
    with open(partial, "ab") as handle:
        handle.write(update.getvalue())
    os.replace(partial, out_path)
    return out_path


__all__ = ["StampError", "personalize"]
