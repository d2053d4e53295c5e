"""Benchmark of the session packet against a plain `qpdf` merge of the same files.

Run: `.venv/bin/python bench/packet.py` (or `make bench`). Inputs are generated once under
bench/out/ (git-ignored): 60 Vietnamese PDFs (~1,200 pages) and 300 (~6,000 pages). Each build
runs in a child process so its peak RSS can be read on its own (os.wait4).

Targets (issue 6): full packet ≤ 2× qpdf merge; personal copy from the cached base ≤ 0.5× a full
build; output ≤ 1.2× the plain merge; peak RSS ≤ 400 MB at 6,000 pages.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for entry in (str(ROOT), str(ROOT / "site")):
    if entry not in sys.path:
        sys.path.insert(0, entry)

OUT = ROOT / "bench" / "out"
SETS = {"1200": 60, "6000": 300}
PAGES_PER_FILE = 20
PARAGRAPH = (
    "Hội đồng nhân dân tỉnh xem xét, quyết định các nội dung ưu tiên về phát triển kinh tế – "
    "xã hội, kế hoạch đầu tư công trung hạn, dự án Đường giao thông liên huyện và chính sách "
    "hỗ trợ người dân vùng đồng bào dân tộc thiểu số. "
)


def inputs(name: str) -> list[Path]:
    """The set's files, generated on first use (text PDFs with bookmarks, 20 pages each)."""
    from core.pdfgen import text_pdf

    folder = OUT / f"inputs-{name}"
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for i in range(SETS[name]):
        path = folder / f"{i:03d}.pdf"
        if not path.exists():
            pages = [f"Trang {p + 1}. " + PARAGRAPH * 5 for p in range(PAGES_PER_FILE)]
            path.write_bytes(
                text_pdf(
                    f"Nghị quyết số {i + 1}/NQ-HĐND về ưu tiên đầu tư công năm 2026",
                    pages,
                    header="HỘI ĐỒNG NHÂN DÂN TỈNH",
                )
            )
        files.append(path)
    return files


def packet_for(files: list[Path]):
    from publishing.builders.inputs import AgendaEntry, Packet, SourceDocument

    items = []
    per_item = 5
    for start in range(0, len(files), per_item):
        code = str(start // per_item + 1)
        documents = [
            SourceDocument(
                title=f"Tờ trình về ưu tiên đầu tư công, dự án Đường giao thông số {i + 1}",
                number=f"{i + 1}/TTr-UBND",
                kind="Tờ trình",
                public=i % 2 == 0,  # half of the material carries the watermark
                path=files[i],
            )
            for i in range(start, min(start + per_item, len(files)))
        ]
        items.append(AgendaEntry(f"Nội dung {code} của kỳ họp", code=code, documents=documents))
    return Packet(
        council="Hội đồng nhân dân tỉnh",
        session="Kỳ họp thứ 12, HĐND tỉnh khóa XVI",
        dates="2/12 – 4/12/2025",
        edition="Bản dành cho đại biểu",
        items=items,
        build_label="Bản số 1",
        built_at=datetime.datetime(2025, 12, 2, 14, 5),
        personal_base=True,
    )


def child(task: str, name: str) -> None:
    """Runs inside the measured process; prints {"seconds": …} as JSON."""
    files = inputs(name)
    base = OUT / f"packet-{name}.pdf"
    started = time.perf_counter()
    if task == "build":
        from publishing.builders.packet import build_packet

        build_packet(packet_for(files), base)
    elif task == "personal":
        from publishing.builders.inputs import Reader
        from publishing.builders.stamp import personalize

        personalize(
            base,
            OUT / f"personal-{name}.pdf",
            Reader("Nguyễn Thị Ưu Tiên", "daibieu"),
            datetime.datetime(2025, 12, 2, 14, 7),
        )
    elif task == "pypdf-merge":
        from pypdf import PdfWriter

        writer = PdfWriter()
        for path in files:
            writer.append(str(path))
        writer.write(OUT / f"pypdf-{name}.pdf")
    print(json.dumps({"seconds": time.perf_counter() - started}))


def measure(args: list[str]) -> tuple[float, float, str]:
    """(wall seconds, peak RSS MB, stdout) of one child process."""
    started = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    stdout = process.stdout.read().decode()
    stderr = process.stderr.read().decode()
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{stderr}")
    return wall, usage.ru_maxrss / 1024, stdout


def run_child(task: str, name: str) -> tuple[float, float, float]:
    """(seconds inside the child, peak RSS MB, wall seconds with interpreter start-up)."""
    wall, rss, stdout = measure([sys.executable, __file__, "--child", task, name])
    return json.loads(stdout.strip().splitlines()[-1])["seconds"], rss, wall


def best(runs: int, fn):
    results = [fn() for _ in range(runs)]
    return min(results, key=lambda r: r[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", nargs=2, metavar=("TASK", "SET"))
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    if options.child:
        child(*options.child)
        return
    rows = []
    for name in SETS:
        files = inputs(name)
        merged = OUT / f"qpdf-{name}.pdf"
        qpdf = best(
            options.runs,
            lambda files=files, merged=merged: measure(
                ["qpdf", "--empty", "--pages", *map(str, files), "--", str(merged)]
            )[:2],
        )
        build = best(options.runs, lambda name=name: run_child("build", name))
        personal = best(options.runs, lambda name=name: run_child("personal", name))
        pypdf = best(1, lambda name=name: run_child("pypdf-merge", name))
        size_merge = merged.stat().st_size
        size_packet = (OUT / f"packet-{name}.pdf").stat().st_size
        size_personal = (OUT / f"personal-{name}.pdf").stat().st_size
        rows.append(
            {
                "set": name,
                "files": len(files),
                "qpdf_s": qpdf[0],
                "build_s": build[0],
                "build_rss_mb": build[1],
                "build_wall_s": build[2],
                "personal_s": personal[0],
                "personal_rss_mb": personal[1],
                "pypdf_merge_s": pypdf[0],
                "pypdf_rss_mb": pypdf[1],
                "build_vs_qpdf": build[0] / qpdf[0],
                "personal_vs_build": personal[0] / build[0],
                "size_vs_merge": size_packet / size_merge,
                "personal_size_vs_merge": size_personal / size_merge,
                "pypdf_vs_qpdf": pypdf[0] / qpdf[0],
            }
        )
    print(
        f"{'pages':>6} {'qpdf':>7} {'packet':>7} {'ratio':>6} {'personal':>9} {'ratio':>6} "
        f"{'size':>5} {'RSS MB':>7} {'pypdf merge':>12}"
    )
    ok = True
    for row in rows:
        print(
            f"{row['set']:>6} {row['qpdf_s']:>6.2f}s {row['build_s']:>6.2f}s "
            f"{row['build_vs_qpdf']:>5.2f}× {row['personal_s']:>8.3f}s "
            f"{row['personal_vs_build']:>5.3f}× {row['size_vs_merge']:>4.2f}× "
            f"{row['build_rss_mb']:>7.0f} {row['pypdf_merge_s']:>6.2f}s "
            f"({row['pypdf_vs_qpdf']:.2f}×)"
        )
        ok &= row["build_vs_qpdf"] <= 2 and row["personal_vs_build"] <= 0.5
        ok &= row["size_vs_merge"] <= 1.2
        ok &= row["personal_size_vs_merge"] <= 1.2
    ok &= rows[-1]["build_rss_mb"] <= 400
    (OUT / "results.json").write_text(json.dumps(rows, indent=2))
    print("Targets met." if ok else "TARGETS MISSED.")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
