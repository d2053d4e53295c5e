"""Headless Chromium (Debian's /usr/bin/chromium) through Playwright, for browser tests."""

import contextlib
import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextlib.contextmanager
def chromium_page(viewport=None, bypass_csp=False):
    """A fresh page in headless Chromium; `viewport` e.g. {"width": 390, "height": 844}.

    `bypass_csp` only for tools injected by the test itself (axe-core), never to make a page work.
    """
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls a test makes while a
    # page is open are still synchronous, so Django is told to allow them for the duration.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            try:
                context = browser.new_context(
                    viewport=viewport or {"width": 1280, "height": 900}, bypass_csp=bypass_csp
                )
                yield context.new_page()
            finally:
                browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def skip_without_chromium():
    if not shutil.which("chromium") and not shutil.which("/usr/bin/chromium"):
        pytest.fail("Chromium is not installed: run .ci/run or apt-get install chromium")


AXE = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page) -> list[dict]:
    """Run axe-core (pinned in package.json, installed by `make static`) on the loaded page."""
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make static` (npm ci) first")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [n["target"] for n in v["nodes"][:5]],
        }
        for v in result["violations"]
    ]
