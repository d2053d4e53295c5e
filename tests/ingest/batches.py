"""Batches as the document management system exports them: files plus a manifest."""

from __future__ import annotations

import csv
import io
import json
import zipfile

from . import hostile

HEADER = [
    "Số, ký hiệu", "Loại", "Trích yếu", "Cơ quan ban hành", "Người ký", "Ngày ban hành",
    "Kỳ họp", "Mục chương trình", "Mức truy cập", "Thời điểm phát hành", "Tệp",
]  # fmt: skip


def row(n: int, **overrides) -> dict:
    values = {
        "Số, ký hiệu": f"{n}/2025/NQ-HĐND",
        "Loại": "Nghị quyết",
        "Trích yếu": f"Nghị quyết số {n} về phát triển giao thông nông thôn",
        "Cơ quan ban hành": "HĐND tỉnh",
        "Người ký": "Nguyễn Văn An",
        "Ngày ban hành": f"{(n % 27) + 1}/7/2025",
        "Kỳ họp": "",
        "Mục chương trình": "",
        "Mức truy cập": "Công khai",
        "Thời điểm phát hành": "",
        "Tệp": f"nq-{n}.pdf",
    }
    values.update(overrides)
    return values


def csv_manifest(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADER)
    writer.writeheader()
    for values in rows:
        writer.writerow(values)
    return out.getvalue().encode("utf-8-sig")


def make_zip(rows: list[dict], files: dict[str, bytes] | None = None, *, as_json=False) -> bytes:
    """A ZIP of the manifest and, unless given, a text PDF for each row's file."""
    if files is None:
        files = {r["Tệp"]: hostile.text_doc(r["Trích yếu"]) for r in rows if r.get("Tệp")}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if as_json:
            archive.writestr("manifest.json", json.dumps(rows, ensure_ascii=False))
        else:
            archive.writestr("manifest.csv", csv_manifest(rows))
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def write_folder(folder, rows: list[dict], files: dict[str, bytes] | None = None):
    folder.mkdir(parents=True, exist_ok=True)
    if files is None:
        files = {r["Tệp"]: hostile.text_doc(r["Trích yếu"]) for r in rows if r.get("Tệp")}
    (folder / "manifest.csv").write_bytes(csv_manifest(rows))
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder
