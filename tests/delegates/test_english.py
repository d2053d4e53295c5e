"""Delegate pages in English: directory, profile, own record, account pages, admin import/invite.

Names, bodies, places and other records stay Vietnamese inside lang="vi"; every piece of
interface text is translated (tests/i18n.py).
"""

import datetime
import re

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from core.roles import CLERK, ensure_roles
from delegates.accounts import activation_path, invite_delegate
from delegates.models import CorrectionRequest, Person
from tests.delegates.test_import import ROWS, make_csv, structure  # noqa: F401
from tests.factories import (
    BodyFactory,
    MembershipFactory,
    PersonFactory,
    TermFactory,
    UserFactory,
    delegate_user,
    secretariat_user,
)
from tests.i18n import assert_english, untranslated, use_english

pytestmark = pytest.mark.django_db


def assert_english_status(response, status):
    assert response.status_code == status
    assert response.headers.get("Content-Language") == "en"
    assert b'<html lang="en"' in response.content
    missing = untranslated(response.content)
    assert not missing, "untranslated interface strings: " + " | ".join(missing)


# --- public pages ---------------------------------------------------------------------------


def test_directory_in_english(demo, client):
    response = use_english(client).get("/dai-bieu/khoa-xvi/")
    assert_english(response)
    html = response.content.decode()
    assert "Provincial People's Council delegates, term XVI" in html
    assert "55 delegates." in html and "Open data" in html
    assert "Constituency no." in html and "Search by name" in html
    soup = BeautifulSoup(html, "lxml")
    # Committee, group and constituency names in the filters are content: lang="vi".
    committee = soup.find("select", attrs={"name": "committee"})
    options = committee.find_all("option")
    assert options[0].get_text() == "All" and not options[0].get("lang")
    assert all(o["lang"] == "vi" for o in options[1:])


def test_directory_filtered_and_empty_in_english(demo, client):
    use_english(client)
    committee = demo.objects["term16"].bodies.get(name="Ban Dân tộc")
    found = client.get("/dai-bieu/khoa-xvi/", {"committee": committee.pk})
    assert_english(found)
    assert "delegates found." in found.content.decode() or "delegate found." in (
        found.content.decode()
    )
    assert "Clear filters" in found.content.decode()
    empty = client.get("/dai-bieu/khoa-xvi/", {"q": "khong co ai"})
    assert_english(empty)
    assert "No delegate matches the filters." in empty.content.decode()


def test_directory_of_an_ended_term_in_english(demo, client):
    response = use_english(client).get("/dai-bieu/khoa-xv/")
    assert_english(response)
    assert "Term XV" in response.content.decode()


def test_profile_in_english(demo, client):
    person = Person.objects.get(full_name="Lê Thị Thu Hương")
    response = use_english(client).get(f"/dai-bieu/{person.slug}/")
    assert_english(response)
    html = response.content.decode()
    assert "Terms" in html and "Term XVI" in html and "Year of birth" in html
    assert "25/06/2021" in html  # day-first in English too
    assert BeautifulSoup(html, "lxml").find("h1")["lang"] == "vi"


def test_profile_with_questions_and_votes_in_english(client):
    from django.utils import timezone

    from library.access import Level
    from sessions.models import Ballot, Interpellation, Vote
    from tests.sessions.builders import make_session

    term = TermFactory()
    person = PersonFactory(full_name="Hầu Seo Páo", birth_year=1975, gender="male")
    MembershipFactory(person=person, body=BodyFactory(term=term))
    session = make_session(term, start=datetime.date(2024, 7, 10))
    Interpellation.objects.create(
        session=session, asker=person, respondent="Giám đốc Sở Y tế",
        question="Vì sao trạm y tế xã chưa có bác sĩ?", access_level=Level.PUBLIC,
    )  # fmt: skip
    ballot = Ballot.objects.create(
        session=session, subject="Nghị quyết về giá dịch vụ y tế", held_at=timezone.now(),
        access_level=Level.PUBLIC,
    )  # fmt: skip
    Vote.objects.create(ballot=ballot, person=person, choice="for")
    response = use_english(client).get(f"/dai-bieu/{person.slug}/")
    assert_english(response)
    html = response.content.decode()
    assert "Questioning at sessions" in html and "Votes" in html and "Male" in html
    assert "Vì sao trạm y tế xã chưa có bác sĩ?" in html


def test_public_pages_stay_vietnamese_by_default(demo, client):
    html = client.get("/dai-bieu/khoa-xvi/").content.decode()
    assert '<html lang="vi"' in html and "Dữ liệu mở" in html and "Bỏ lọc" not in html
    person = Person.objects.get(full_name="Lê Thị Thu Hương")
    html = client.get(f"/dai-bieu/{person.slug}/").content.decode()
    assert '<html lang="vi"' in html and "Các nhiệm kỳ" in html and "Khóa XVI" in html


# --- the delegate's own record --------------------------------------------------------------


def test_my_record_in_english(client):
    user = delegate_user()
    person = user.person
    person.phone, person.gender, person.ethnicity = "0912 777 888", "female", "Mông"
    person.save()
    CorrectionRequest.objects.create(
        person=person, requested_by=user, field_name="phone", message="Số đúng là 0912 000 999.",
        response="Đã sửa theo đề nghị.",
    )  # fmt: skip
    client.force_login(user)
    response = use_english(client).get("/dai-bieu/ho-so-cua-toi/")
    assert_english(response)
    html = response.content.decode()
    assert "My record" in html and "Citizen ID number" in html and "Pending" in html
    assert "Female" in html and "The Office replied:" in html


def test_my_record_form_errors_in_english(client):
    client.force_login(delegate_user())
    response = use_english(client).post(
        "/dai-bieu/ho-so-cua-toi/", {"field_name": "user", "message": ""}
    )
    assert_english(response)
    assert "Write what needs to be corrected." in response.content.decode()


def test_correction_sent_message_in_english(client):
    client.force_login(delegate_user())
    use_english(client)
    response = client.post(
        "/dai-bieu/ho-so-cua-toi/", {"field_name": "phone", "message": "Số mới"}, follow=True
    )
    assert_english(response)
    assert "Your correction request has been sent." in response.content.decode()


def test_my_record_missing_in_english(client):
    client.force_login(UserFactory(username="khongphaidaibieu"))
    response = use_english(client).get("/dai-bieu/ho-so-cua-toi/")
    assert_english_status(response, 404)
    assert "not linked to any delegate record" in response.content.decode()


# --- accounts -------------------------------------------------------------------------------


@pytest.fixture
def invited(db):
    term = TermFactory()
    person = PersonFactory(full_name="Lý Thị Vinh", email="vinh@example.vn")
    MembershipFactory(person=person, body=BodyFactory(term=term))
    return invite_delegate(person, base_url="http://testserver/")


def test_activation_pages_in_english(client, invited):
    use_english(client)
    path = activation_path(invited)
    page = client.get(path)
    assert_english(page)
    assert "Activate your delegate account" in page.content.decode()
    weak = client.post(path, {"new_password1": "123", "new_password2": "123"})
    assert_english(weak)
    assert "field-error" in weak.content.decode()
    done = client.post(
        path, {"new_password1": "Hoang-Lien-2026!", "new_password2": "Hoang-Lien-2026!"}
    )
    assert done.status_code == 302
    login = client.get(done["Location"])
    assert_english(login)
    assert "Your account is activated." in login.content.decode()
    again = client.get(path)
    assert_english_status(again, 400)
    assert "The activation link is no longer valid" in again.content.decode()


def test_invitation_mail_in_the_inviters_language(client):
    from django.utils import translation

    term = TermFactory()
    person = PersonFactory(full_name="Lý Thị Vinh", email="vinh@example.vn")
    MembershipFactory(person=person, body=BodyFactory(term=term))
    with translation.override("en"):
        invite_delegate(person, base_url="http://testserver/")
    message = mail.outbox[0]
    assert message.subject == "Please activate your Provincial People's Council delegate account"
    assert "Dear delegate Lý Thị Vinh," in message.body and "Username:" in message.body


def test_password_reset_pages_in_english(client):
    user = UserFactory(username="daibieu1", email="daibieu1@example.vn")
    use_english(client)
    form = client.get("/tai-khoan/quen-mat-khau/")
    assert_english(form)
    assert "Forgot your password" in form.content.decode()
    sent = client.post("/tai-khoan/quen-mat-khau/", {"email": user.email}, follow=True)
    assert_english(sent)
    assert "Check your inbox" in sent.content.decode()
    message = mail.outbox[0]
    assert message.subject == "Reset your Provincial People's Council account password"
    assert "To choose a new password" in message.body
    link = re.search(r"http://testserver(/\S+)", message.body).group(1)
    confirm = client.get(link, follow=True)
    assert_english(confirm)
    assert "Choose a new password" in confirm.content.decode()
    url = confirm.redirect_chain[-1][0]
    mismatch = client.post(url, {"new_password1": "Sa-Pa-2026!x", "new_password2": "khac"})
    assert_english(mismatch)
    assert "field-error" in mismatch.content.decode()
    done = client.post(
        url, {"new_password1": "Sa-Pa-2026!x", "new_password2": "Sa-Pa-2026!x"}, follow=True
    )
    assert_english(done)
    assert "Password changed" in done.content.decode()
    invalid = client.get(link, follow=True)
    assert_english(invalid)
    assert "The password reset link is no longer valid" in invalid.content.decode()


def test_lockout_page_in_english(client):
    UserFactory(username="daibieu2", password="dung-mat-khau")
    use_english(client)
    for _ in range(5):
        client.post("/dang-nhap/", {"username": "daibieu2", "password": "sai"})
    locked = client.post("/dang-nhap/", {"username": "daibieu2", "password": "dung-mat-khau"})
    assert_english_status(locked, 429)
    assert "Sign-in temporarily locked" in locked.content.decode()


def test_account_pages_stay_vietnamese_by_default(client, invited):
    html = client.get(activation_path(invited)).content.decode()
    assert '<html lang="vi"' in html and "Kích hoạt tài khoản đại biểu" in html
    html = client.get("/tai-khoan/quen-mat-khau/").content.decode()
    assert "Quên mật khẩu" in html and "Gửi liên kết" in html


# --- the secretariat's admin pages ----------------------------------------------------------


@pytest.fixture
def clerk(db):
    user = secretariat_user()
    user.groups.add(ensure_roles()[CLERK])
    return type(user).objects.get(pk=user.pk)


def _main(response) -> str:
    """The page's own content (the admin shell around it is Wagtail's, in its own catalogue)."""
    soup = BeautifulSoup(response.content, "lxml")
    return str(soup.find("main") or soup)


def test_admin_import_in_english(client, clerk, structure):  # noqa: F811
    client.force_login(clerk)
    use_english(client)
    page = client.get("/quan-tri/dai-bieu/nhap/")
    assert page.status_code == 200
    assert "Import the list of delegates" in page.content.decode()
    assert not untranslated(_main(page))
    rows = [list(row) for row in ROWS]
    rows[0][12] = "31/2/2024"
    upload = SimpleUploadedFile("dai-bieu.csv", make_csv(rows), content_type="text/csv")
    errors = client.post("/quan-tri/dai-bieu/nhap/", {"file": upload})
    html = errors.content.decode()
    assert "The date 31/2/2024 does not exist" in html and "nothing was saved" in html
    assert not untranslated(_main(errors))
    upload = SimpleUploadedFile("dai-bieu.csv", make_csv(ROWS), content_type="text/csv")
    done = client.post("/quan-tri/dai-bieu/nhap/", {"file": upload})
    assert "Imported 3 rows" in done.content.decode()
    assert not untranslated(_main(done))


def test_admin_invite_in_english(client, clerk):
    from django.contrib.auth.models import Permission

    clerk.user_permissions.add(Permission.objects.get(codename="change_person"))
    person = PersonFactory(full_name="Lý Thị Vinh", email="")
    MembershipFactory(person=person, body=BodyFactory(term=TermFactory()))
    client.force_login(clerk)
    use_english(client)
    page = client.get(f"/quan-tri/dai-bieu/{person.pk}/moi/")
    assert page.status_code == 200
    assert "Send the invitation" in page.content.decode()
    assert not untranslated(_main(page))
    invalid = client.post(f"/quan-tri/dai-bieu/{person.pk}/moi/", {"email": "khong-hop-le"})
    assert "The e-mail address is not valid." in invalid.content.decode()
    assert not untranslated(_main(invalid))
