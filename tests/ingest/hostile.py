# ruff: noqa: E501
"""Hostile and ordinary files made on the spot for the ingest tests."""

from __future__ import annotations

import io
import zipfile

from core.pdfgen import scanned_pdf, text_pdf

VN_TEXT = "Nghị quyết về việc phê duyệt kế hoạch đầu tư công trung hạn của tỉnh Lào Cai."


def text_doc(title: str = "Nghị quyết thử nghiệm", pages: int = 1) -> bytes:
    return text_pdf(title, [f"{VN_TEXT} Trang {n}." for n in range(1, pages + 1)])


def scan_doc(title: str = "Bản quét thử nghiệm", dpi: int = 100) -> bytes:
    return scanned_pdf(title, [VN_TEXT], dpi=dpi)


def truncated_pdf() -> bytes:
    data = text_doc(pages=3)
    return data[: len(data) // 2]


def encrypted_pdf() -> bytes:
    import pikepdf

    with pikepdf.open(io.BytesIO(text_doc())) as pdf:
        out = io.BytesIO()
        pdf.save(out, encryption=pikepdf.Encryption(owner="chu", user="mo-khoa", R=6))
    return out.getvalue()


def active_pdf() -> bytes:
    """A PDF with document JavaScript, an OpenAction, a Launch link and an embedded file."""
    import pikepdf

    with pikepdf.open(io.BytesIO(text_doc())) as pdf:
        js = pdf.make_indirect(
            pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert('x')"))
        )
        pdf.Root.OpenAction = js
        pdf.Root.Names = pikepdf.Dictionary(
            JavaScript=pikepdf.Dictionary(Names=pikepdf.Array([pikepdf.String("a"), js]))
        )
        launch = pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Link,
            Rect=pikepdf.Array([0, 0, 100, 100]),
            A=pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("cmd.exe")),
        )
        pdf.pages[0].obj.Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(launch)]))
        pdf.attachments["virus.exe"] = pikepdf.AttachedFileSpec(pdf, b"MZ\x90\x00 not a virus")
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()


def zip_bytes(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def zip_bomb(megabytes: int = 64) -> bytes:
    return zip_bytes({"zeros.bin": b"\0" * (megabytes * 1024 * 1024)})


def traversal_zip() -> bytes:
    return zip_bytes({"../../etc/passwd.pdf": text_doc(), "ok.pdf": text_doc()})


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(buffer, format="PNG")
    return buffer.getvalue()


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)


def docx_bytes(text: str = VN_TEXT, extra: dict[str, bytes] | None = None) -> bytes:
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"
    )
    members = {
        "[Content_Types].xml": CONTENT_TYPES.encode(),
        "_rels/.rels": RELS.encode(),
        "word/document.xml": body.encode(),
    }
    members.update(extra or {})
    return zip_bytes(members)


def docx_bomb(megabytes: int = 64) -> bytes:
    return docx_bytes(extra={"word/media/image1.bin": b"\0" * (megabytes * 1024 * 1024)})


def epub_bytes() -> bytes:
    opf = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Sách</dc:title>'
        '<dc:identifier id="id">x</dc:identifier><dc:language>vi</dc:language></metadata>'
        "<manifest/><spine/></package>"
    )
    container = (
        '<?xml version="1.0"?><container version="1.0" '
        'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
        '<rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
        "</rootfiles></container>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/container.xml", container)
        archive.writestr("OEBPS/content.opf", opf)
    return buffer.getvalue()


def broken_epub() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/container.xml", "<container><rootfiles>")
    return buffer.getvalue()
