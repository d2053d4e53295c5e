"""Reading packets back the way a delegate's reader app would."""

import subprocess

from pypdf import PdfReader


def page_text(path, page: int) -> str:
    """pdftotext of one 1-based page."""
    return subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def outline_tree(reader: PdfReader, items=None) -> list:
    """[(title, page index, [children…]), …] from pypdf's nested outline list."""
    items = reader.outline if items is None else items
    tree = []
    for entry in items:
        if isinstance(entry, list):
            title, page, _ = tree[-1]
            tree[-1] = (title, page, outline_tree(reader, entry))
        else:
            tree.append((entry.title, reader.get_destination_page_number(entry), []))
    return tree


def toc_links(reader: PdfReader, front_pages: int) -> list[int]:
    """Target page indexes of the link annotations on the TOC pages, in order."""
    targets = []
    for index in range(1, front_pages):
        for annot in reader.pages[index].get("/Annots", []):
            annot = annot.get_object()
            if annot.get("/Subtype") == "/Link":
                targets.append(reader.get_page_number(annot["/Dest"][0].get_object()))
    return targets
