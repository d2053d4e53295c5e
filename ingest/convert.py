"""Office files (DOCX, XLSX, ODT) to PDF with LibreOffice headless, for reading and packets.

Runs in the worker (see `ingest.tasks.convert_version_to_pdf`): each run has its own throwaway
LibreOffice profile and folder, and a timeout; a hung soffice is killed with its process group.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class ConversionError(Exception):
    pass


def soffice_binary() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def office_to_pdf(data: bytes, extension: str, timeout: int | None = None) -> bytes:
    """The PDF LibreOffice makes of an office file; ConversionError with a reason otherwise."""
    binary = soffice_binary()
    if binary is None:
        raise ConversionError("LibreOffice (soffice) is not installed")
    timeout = timeout or getattr(settings, "INGEST_CONVERT_TIMEOUT", 180)
    if extension not in {"docx", "xlsx", "odt"}:
        raise ValidationError(_("Chỉ chuyển được tệp DOCX, XLSX, ODT sang PDF."))
    with tempfile.TemporaryDirectory(prefix="council-soffice-") as folder:
        root = Path(folder)
        source = root / f"input.{extension}"
        source.write_bytes(data)
        profile = root / "profile"
        out = root / "out"
        out.mkdir()
        command = [
            binary,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(source),
        ]
        env = {**os.environ, "HOME": str(root)}
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            start_new_session=True,
        )
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise ConversionError(f"LibreOffice took longer than {timeout} s")
        result = out / "input.pdf"
        if process.returncode != 0 or not result.exists():
            message = (stderr or stdout).decode("utf-8", "replace")[-500:]
            raise ConversionError(f"LibreOffice failed ({process.returncode}): {message}")
        return result.read_bytes()
