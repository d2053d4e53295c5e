"""The English catalogues are complete and the committed .mo files match their .po files."""

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils import formats, translation

CATALOGUES = sorted(
    path
    for path in Path(__file__).resolve().parents[2].glob("**/locale/en/LC_MESSAGES/django.po")
    if ".venv" not in path.parts and "node_modules" not in path.parts
)
needs_gettext = pytest.mark.skipif(not shutil.which("msgfmt"), reason="gettext is not installed")


def test_there_are_english_catalogues():
    assert CATALOGUES, "no locale/en/LC_MESSAGES/django.po found"


@needs_gettext
@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.parent.parent.parent.parent.name))
def test_catalogue_is_complete_and_compiled(po, tmp_path):
    for flag in ("--untranslated", "--only-fuzzy"):
        left = subprocess.run(
            ["msgattrib", flag, "--no-obsolete", str(po)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        entries = [line for line in left.splitlines() if line.startswith("msgid ")]
        # msgattrib keeps the header entry (msgid "") when anything is printed at all.
        assert [e for e in entries if e != 'msgid ""'] == [], (
            f"{po}: {flag} entries:\n{left[:3000]}"
        )
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(compiled), str(po)], check=True)
    committed = po.with_suffix(".mo")
    assert committed.exists(), f"{committed} is missing: run compilemessages"
    with compiled.open("rb") as fresh, committed.open("rb") as stored:
        assert (
            gettext.GNUTranslations(stored)._catalog == gettext.GNUTranslations(fresh)._catalog
        ), f"{committed} is out of date: run compilemessages"


def test_dates_are_day_first_in_both_languages():
    import datetime

    day = datetime.date(2026, 3, 5)
    with translation.override("vi"):
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == "05/03/2026"
        assert formats.date_format(day) == "05/03/2026"
    with translation.override("en"):
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == "05/03/2026"
        assert formats.date_format(day) == "5 March 2026"
