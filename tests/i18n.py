"""Helpers for the English interface tests.

The portal's source language is Vietnamese. In English every piece of interface text must be
translated, while content (titles, names, document text) stays Vietnamese and is marked with
`lang="vi"` on an enclosing element (WCAG 2.1 SC 3.1.2, language of parts). So: in a page
rendered in English, any text with Vietnamese letters outside a `lang="vi"` element is an
untranslated interface string.
"""

import re

from bs4 import BeautifulSoup, Comment, Doctype
from django.conf import settings

VIETNAMESE = re.compile(
    "[ăâđêôơưĂÂĐÊÔƠƯ"
    "àáạảãầấậẩẫằắặẳẵèéẹẻẽềếệểễìíịỉĩòóọỏõồốộổỗờớợởỡùúụủũừứựửữỳýỵỷỹ"
    "ÀÁẠẢÃẦẤẬẨẪẰẮẶẲẴÈÉẸẺẼỀẾỆỂỄÌÍỊỈĨÒÓỌỎÕỒỐỘỔỖỜỚỢỞỠÙÚỤỦŨỪỨỰỬỮỲÝỴỶỸ]"
)
TEXT_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt", "aria-description")
SKIPPED_TAGS = {"script", "style", "template", "noscript"}


def use_english(client):
    """Switch a test client to the English interface, as the footer switch does."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _in_vietnamese(element):
    for node in [element, *element.parents]:
        lang = getattr(node, "attrs", {}).get("lang")
        if lang:
            return lang.lower().startswith("vi")
    return False


def untranslated(html):
    """Interface strings still in Vietnamese in a page rendered in English."""
    if isinstance(html, bytes):
        html = html.decode("utf-8")
    soup = BeautifulSoup(html, "lxml")
    found = []
    for text in soup.find_all(string=True):
        if isinstance(text, (Comment, Doctype)) or not VIETNAMESE.search(text):
            continue
        parent = text.parent
        if parent is None or parent.name in SKIPPED_TAGS or parent.name == "title":
            continue
        if not _in_vietnamese(parent):
            found.append(" ".join(text.split()))
    for element in soup.find_all(True):
        if element.name in SKIPPED_TAGS:
            continue
        for attribute in TEXT_ATTRIBUTES:
            value = element.attrs.get(attribute)
            if value and VIETNAMESE.search(value) and not _in_vietnamese(element):
                found.append(f"[{attribute}] {value}")
        if element.name in ("input", "button") and element.attrs.get("type") in (
            "submit",
            "button",
        ):
            value = element.attrs.get("value", "")
            if VIETNAMESE.search(value) and not _in_vietnamese(element):
                found.append(f"[value] {value}")
    return found


def assert_english(response):
    """The response is an English page with no untranslated interface text."""
    assert response.status_code == 200, response.status_code
    assert response.headers.get("Content-Language") == "en"
    content = response.content
    missing = untranslated(content)
    assert not missing, "untranslated interface strings: " + " | ".join(missing[:40])
    assert b'<html lang="en"' in content
