"""Cover images for library items: uploaded, or made from the PDF's first page or the EPUB's cover.

Runs as a background task after an item is published without a cover.
"""

from __future__ import annotations

import io
import subprocess
import tempfile
import zipfile
from pathlib import Path

from django.core.files.images import ImageFile
from django_tasks import task
from PIL import Image as PILImage
from wagtail.images import get_image_model

COVER_WIDTH = 600
PDFTOPPM_TIMEOUT = 60


class CoverError(Exception):
    pass


def pdf_first_page_png(data: bytes) -> bytes:
    with tempfile.TemporaryDirectory(prefix="cover-") as folder:
        source = Path(folder) / "source.pdf"
        source.write_bytes(data)
        target = Path(folder) / "cover"
        result = subprocess.run(
            ["pdftoppm", "-png", "-f", "1", "-l", "1", "-scale-to", str(COVER_WIDTH),
             "-singlefile", str(source), str(target)],
            capture_output=True,
            timeout=PDFTOPPM_TIMEOUT,
            check=False,
        )  # fmt: skip
        png = target.with_suffix(".png")
        if result.returncode != 0 or not png.exists():
            raise CoverError(result.stderr.decode(errors="replace")[:300] or "pdftoppm failed")
        return png.read_bytes()


def epub_cover_image(data: bytes) -> bytes:
    """The EPUB's declared cover image (EPUB 3 `cover-image` property or EPUB 2 meta cover)."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        container = etree.fromstring(archive.read("META-INF/container.xml"))
        ns = {
            "c": "urn:oasis:names:tc:opendocument:xmlns:container",
            "o": "http://www.idpf.org/2007/opf",
        }
        opf_path = container.find(".//c:rootfile", ns).get("full-path")
        opf = etree.fromstring(archive.read(opf_path))
        base = opf_path.rsplit("/", 1)[0] + "/" if "/" in opf_path else ""
        item = opf.find(".//o:manifest/o:item[@properties='cover-image']", ns)
        if item is None:
            meta = opf.find(".//o:metadata/o:meta[@name='cover']", ns)
            if meta is not None:
                item = opf.find(f".//o:manifest/o:item[@id='{meta.get('content')}']", ns)
        if item is None:
            raise CoverError("EPUB không khai báo ảnh bìa")
        return archive.read(base + item.get("href"))


def make_cover(page) -> bool:
    """Attach a generated cover to `page` when it has none; True when one was made."""
    if page.cover_id:
        return False
    data = None
    for document, extract in ((page.pdf, pdf_first_page_png), (page.epub, epub_cover_image)):
        if document is None or not document.has_file:
            continue
        with document.open_file() as handle:
            raw = handle.read()
        try:
            data = extract(raw)
            break
        except (CoverError, KeyError, zipfile.BadZipFile, subprocess.TimeoutExpired):
            continue
    if data is None:
        return False
    picture = PILImage.open(io.BytesIO(data))
    picture.thumbnail((COVER_WIDTH, COVER_WIDTH * 2))
    buffer = io.BytesIO()
    picture.convert("RGB").save(buffer, format="JPEG", quality=85)
    image = get_image_model()(title=f"Bìa: {page.title}"[:255])
    image.file = ImageFile(buffer, name=f"bia-{page.pk}.jpg")
    image.save()
    type(page).objects.filter(pk=page.pk).update(cover=image)
    page.cover = image
    return True


@task()
def generate_cover(page_id: int) -> bool:
    from .catalogue import LibraryItemPage

    page = LibraryItemPage.objects.filter(pk=page_id).select_related("pdf", "epub").first()
    return bool(page) and make_cover(page)
