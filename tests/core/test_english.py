"""The shared shell in English: header, footer and language switch, home page, sign-in, errors."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from wagtail.models import Page

from core.middleware import LanguageMiddleware
from core.models import HomePage
from tests.factories import ArchiveDocumentFactory, UserFactory, delegate_user
from tests.i18n import assert_english, untranslated, use_english

pytestmark = pytest.mark.django_db


@pytest.fixture
def council(db):
    """The demo's council settings and home page (address, office name, intro in Vietnamese)."""
    from core import demo

    ctx = demo.DemoContext(write=lambda *a: None)
    demo.load(ctx)
    home = HomePage.objects.get(depth=2)
    section = home.add_child(
        instance=Page(title="Giới thiệu Hội đồng", slug="gioi-thieu", show_in_menus=True)
    )
    section.search_description = "Chức năng, nhiệm vụ của Hội đồng nhân dân tỉnh"
    section.save_revision().publish()
    ArchiveDocumentFactory(title="Nghị quyết về phát triển du lịch", number="12/2025/NQ-HĐND")
    from tests.factories import TermFactory
    from tests.sessions.builders import make_session

    make_session(TermFactory(), venue="Hội trường Trung tâm Hội nghị tỉnh")
    return ctx


def assert_english_error(response, status):
    """An error page: the right status, in English, content in lang="vi" only."""
    assert response.status_code == status
    assert response.headers.get("Content-Language") == "en"
    assert b'<html lang="en"' in response.content
    missing = untranslated(response.content)
    assert not missing, "untranslated interface strings: " + " | ".join(missing)


def test_home_page_in_english(client, council):
    response = use_english(client).get("/")
    assert_english(response)
    html = response.content.decode()
    assert "Skip to main content" in html and "Main navigation" in html
    assert "Newly published documents" in html and "All documents" in html
    assert "Sessions" in html and "Kỳ họp thứ 12" in html
    # Content stays Vietnamese, marked as such.
    soup = BeautifulSoup(html, "lxml")
    assert soup.find(class_="brand-name")["lang"] == "vi"
    assert soup.find("a", string="Giới thiệu Hội đồng")["lang"] == "vi"
    address = soup.find("p", string="Đường Hoàng Liên, phường Kim Tân, thành phố Lào Cai")
    assert address["lang"] == "vi"
    # Interface navigation items are translated, not marked Vietnamese.
    delegates = soup.find("a", string="Delegates")
    assert delegates is not None and not delegates.get("lang")


def test_home_page_in_english_signed_in(client, council):
    user = delegate_user()
    client.force_login(user)
    response = use_english(client).get("/")
    assert_english(response)
    html = response.content.decode()
    assert "Sign out" in html and "My sessions" in html


def test_home_page_stays_vietnamese_by_default(client, council):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "vi"
    html = response.content.decode()
    assert '<html lang="vi"' in html
    assert "Bỏ qua, đến nội dung chính" in html and "Văn bản mới công bố" in html


def test_language_switch_posts_to_set_language_and_sticks(client, council):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    page = client.get("/")
    assert_english(page)
    back = client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    assert back.status_code == 302
    assert '<html lang="vi"' in client.get("/").content.decode()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_footer_language_switch_is_labelled_and_keyboard_usable(client, council, language):
    client.cookies["django_language"] = language
    soup = BeautifulSoup(client.get("/").content, "lxml")
    form = soup.find("form", class_="lang-switch")
    assert form["action"] == "/i18n/setlang/" and form["method"] == "post"
    assert form.get("aria-label")
    select = form.find("select", attrs={"name": "language"})
    label = form.find("label", attrs={"for": select["id"]})
    assert label is not None and label.get_text(strip=True)
    options = {o["value"]: o for o in select.find_all("option")}
    assert set(options) == {"vi", "en"}
    # Each language is named in its own language, and the current one is selected.
    assert options["vi"]["lang"] == "vi" and options["en"]["lang"] == "en"
    assert options[language].has_attr("selected")
    # A real submit button: reachable and usable with the keyboard, no script needed.
    button = form.find("button", attrs={"type": "submit"})
    assert button is not None and button.get_text(strip=True)
    assert form.find("input", attrs={"name": "next"})["value"] == "/"
    assert form.find("input", attrs={"name": "csrfmiddlewaretoken"}) is not None
    if language == "en":
        assert label.get_text(strip=True) == "Language"
        assert button.get_text(strip=True) == "Change language"


def test_login_page_in_english(client, council):
    response = use_english(client).get("/dang-nhap/")
    assert_english(response)
    html = response.content.decode()
    assert "Username" in html and "Password" in html and "Forgot your password?" in html


def test_login_errors_in_english(client, council):
    UserFactory(username="thuky", password="dung-mat-khau")
    response = use_english(client).post("/dang-nhap/", {"username": "thuky", "password": "sai"})
    assert_english(response)
    assert "form-errors" in response.content.decode()


def test_not_found_page_in_english(client, council):
    response = use_english(client).get("/khong-co-trang-nay/")
    assert_english_error(response, 404)
    assert "Page not found." in response.content.decode()


def test_forbidden_page_in_english(client, council):
    from library.access import Level
    from tests.factories import TermFactory

    term = TermFactory(number=16)
    other = TermFactory(number=15, start_date=term.start_date.replace(year=2016))
    doc = ArchiveDocumentFactory(access_level=Level.DELEGATES, term=term, title="CANARY-draft")
    client.force_login(delegate_user(other, "d15"))
    response = use_english(client).get(doc.get_absolute_url())
    assert_english_error(response, 403)
    assert "Your account does not have permission" in response.content.decode()
    assert b"CANARY" not in response.content


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "Something went wrong"), ("vi", "Hệ thống gặp lỗi")],
)
def test_server_error_page_follows_the_chosen_language(council, language, expected):
    from core.views import server_error

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    request.COOKIES["django_language"] = language
    response = LanguageMiddleware(server_error)(request)
    assert response.status_code == 500
    assert response.headers["Content-Language"] == language
    html = response.content.decode()
    assert expected in html and f'<html lang="{language}"' in html
    if language == "en":
        assert not untranslated(html)


def test_vietnamese_error_page_is_still_vietnamese(client, council):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="vi"' in html and "Về trang chủ" in html


def test_an_english_request_leaves_the_thread_in_vietnamese(client, council):
    from django.utils import translation

    use_english(client)
    assert client.get("/").headers["Content-Language"] == "en"
    assert translation.get_language() == "vi"
    assert str(translation.gettext("Trang chủ")) == "Trang chủ"


def test_a_cacheable_answer_varies_by_the_language_cookie():
    """The language is chosen by a cookie, so a shared cache must key on it: an English answer
    is never handed to the next Vietnamese visitor (HTML pages also vary through the switch's
    CSRF token; a feed or JSON answer has nothing else that would)."""
    from django.http import HttpResponse

    def public_view(request):
        response = HttpResponse("ok")
        response["Cache-Control"] = "public, max-age=300"
        return response

    request = RequestFactory().get("/van-ban/rss.xml")
    request.COOKIES["django_language"] = "en"
    response = LanguageMiddleware(public_view)(request)
    assert response["Content-Language"] == "en"
    assert "Cookie" in response["Vary"]
