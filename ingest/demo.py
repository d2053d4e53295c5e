"""Demo step: a batch from the province's document management system imported as the office
would (`manage.py load_demo`): text PDFs, two scans queued for OCR, one digitally signed report
(signed by a demo CA that is not in the trust store, so its badge reads "chưa được xác thực"),
and a confidential document recorded by its metadata only. Idempotent: skipped once imported."""

from __future__ import annotations

import csv
import datetime
import io
import zipfile

DEMO_NUMBERS = ("301/BC-UBND", "302/TTr-UBND", "303/BC-UBND", "304/BC-UBND", "305/TB-UBND")
BODY = (
    "Ủy ban nhân dân tỉnh báo cáo Hội đồng nhân dân tỉnh kết quả thực hiện kế hoạch đầu tư công "
    "năm 2026: giải ngân đạt 78% kế hoạch vốn, hoàn thành 12 công trình đường giao thông nông "
    "thôn, 5 trường học vùng đồng bào dân tộc thiểu số và 3 công trình thủy lợi."
)


def load(ctx) -> None:
    from library.models import ArchiveDocument

    from .importer import import_batch

    if ArchiveDocument.objects.filter(number=DEMO_NUMBERS[0]).exists():
        ctx.write("Tiếp nhận: lô demo đã có, bỏ qua.")
        return
    report = import_batch(demo_batch(), name="lo-tu-he-thong-qlvb.zip",
                          user=ctx.users.get("vanphong"))  # fmt: skip
    if not report.ok:
        raise RuntimeError(report.as_text())
    ctx.write(
        f"Tiếp nhận: nhập lô demo ({report.count('add')} văn bản; 2 bản quét chờ OCR, "
        "1 văn bản ký số, 1 văn bản mật chỉ có thông tin)."
    )


def demo_batch() -> bytes:
    from core.pdfgen import scanned_pdf, text_pdf

    session = _latest_session()
    session_label = f"{session.number}/{session.term.roman}" if session else ""
    rows = [
        ("301/BC-UBND", "Báo cáo", "Báo cáo kết quả thực hiện kế hoạch đầu tư công năm 2026",
         "Đại biểu", "bao-cao-dau-tu-cong.pdf", "text"),
        ("302/TTr-UBND", "Tờ trình", "Tờ trình về việc điều chỉnh kế hoạch đầu tư công trung hạn",
         "Đại biểu", "to-trinh-dieu-chinh.pdf", "scan"),
        ("303/BC-UBND", "Báo cáo", "Báo cáo tình hình kinh tế – xã hội sáu tháng đầu năm 2026",
         "Công khai", "bao-cao-kinh-te-xa-hoi.pdf", "signed"),
        ("304/BC-UBND", "Báo cáo", "Báo cáo kết quả giải quyết kiến nghị cử tri trước kỳ họp",
         "Công khai", "bao-cao-kien-nghi-cu-tri.pdf", "scan"),
        ("305/TB-UBND", "Thông báo", "Thông báo về công tác bảo đảm an ninh, quốc phòng",
         "Mật", "", ""),
    ]  # fmt: skip
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Số, ký hiệu", "Loại", "Trích yếu", "Cơ quan ban hành", "Người ký",
                     "Ngày ban hành", "Kỳ họp", "Mức truy cập", "Tệp"])  # fmt: skip
    files = {}
    issued = datetime.date(2026, 6, 20)
    for number, kind, title, level, name, make in rows:
        writer.writerow([number, kind, title, "UBND tỉnh", "Hoàng Văn Sơn",
                         f"{issued.day}/{issued.month}/{issued.year}",
                         session_label if level != "Mật" else "", level, name])  # fmt: skip
        if make == "text":
            files[name] = text_pdf(title, [BODY, BODY], header="ỦY BAN NHÂN DÂN TỈNH LÀO CAI")
        elif make == "scan":
            files[name] = scanned_pdf(title, [BODY], dpi=200)
        elif make == "signed":
            files[name] = signed_demo_pdf(text_pdf(title, [BODY]))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.csv", out.getvalue().encode("utf-8"))
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _latest_session():
    try:
        from sessions.models import SessionPage
    except ImportError:
        return None
    return SessionPage.objects.select_related("term").order_by("-start_date").first()


def signed_demo_pdf(data: bytes) -> bytes:
    """Sign with a throwaway demo CA (never trusted): shows the "untrusted" badge."""
    from asn1crypto import keys
    from asn1crypto import x509 as asn1_x509
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    now = datetime.datetime.now(datetime.UTC)

    def name(common: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                          x509.NameAttribute(NameOID.COMMON_NAME, common)])  # fmt: skip

    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder().subject_name(name("CA demo (không tin cậy)"))
        .issuer_name(name("CA demo (không tin cậy)")).public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )  # fmt: skip
    cert = (
        x509.CertificateBuilder().subject_name(name("Hoàng Văn Sơn")).issuer_name(ca.subject)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .sign(ca_key, hashes.SHA256())
    )  # fmt: skip
    der = serialization.Encoding.DER
    signer = signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(cert.public_bytes(der)),
        signing_key=keys.PrivateKeyInfo.load(key.private_bytes(
            der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())),
        cert_registry=SimpleCertificateStore.from_certs(
            [asn1_x509.Certificate.load(ca.public_bytes(der))]),
    )  # fmt: skip
    out = io.BytesIO()
    signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(data)),
                     signers.PdfSignatureMetadata(field_name="ChuKySo"), signer=signer,
                     output=out)  # fmt: skip
    return out.getvalue()
