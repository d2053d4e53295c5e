"""Delegate accounts: invitation and activation, password reset, lockout, the own record."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import RequestFactory

from delegates.accounts import InvitationError, activation_path, invite_delegate
from delegates.models import CorrectionRequest, Person
from tests.factories import (
    BodyFactory,
    MembershipFactory,
    PersonFactory,
    TermFactory,
    UserFactory,
    delegate_user,
    secretariat_user,
)

pytestmark = pytest.mark.django_db
User = get_user_model()


def link_in(message) -> str:
    return re.search(r"http://testserver(/\S+)", message.body).group(1)


@pytest.fixture
def seated_person(db):
    term = TermFactory()
    person = PersonFactory(full_name="Lý Thị Vinh", email="vinh@example.vn", phone="0912 000 111")
    MembershipFactory(person=person, body=BodyFactory(term=term))
    return person


def test_invitation_creates_an_inactive_account_and_mails_a_link(seated_person):
    user = invite_delegate(seated_person, base_url="http://testserver/")
    seated_person.refresh_from_db()
    assert seated_person.user == user
    assert not user.is_active and not user.has_usable_password()
    assert user.full_name == "Lý Thị Vinh"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["vinh@example.vn"]
    assert "kích hoạt" in message.subject.lower()
    assert user.username in message.body
    assert link_in(message).startswith("/dai-bieu/kich-hoat/")


def test_activation_link_sets_the_password_once(seated_person, client):
    invite_delegate(seated_person, base_url="http://testserver/")
    link = link_in(mail.outbox[0])
    page = client.get(link)
    assert page.status_code == 200 and "Kích hoạt tài khoản" in page.content.decode()
    weak = client.post(link, {"new_password1": "123", "new_password2": "123"})
    assert weak.status_code == 200 and "field-error" in weak.content.decode()
    response = client.post(
        link, {"new_password1": "Hoang-Lien-2026!", "new_password2": "Hoang-Lien-2026!"}
    )
    assert response.status_code == 302 and response["Location"] == "/dang-nhap/"
    user = User.objects.get(person=seated_person)
    assert user.is_active and user.check_password("Hoang-Lien-2026!")
    again = client.get(link)
    assert again.status_code == 400
    assert "không còn hiệu lực" in again.content.decode()


def test_tampered_activation_link_is_refused(seated_person, client):
    user = invite_delegate(seated_person, base_url="http://testserver/")
    path = activation_path(user)
    assert client.get(path[:-3] + "abc/").status_code == 400
    assert client.get("/dai-bieu/kich-hoat/xx/yy/").status_code == 400


def test_invitation_needs_an_email_and_refuses_active_accounts(seated_person):
    seated_person.email = ""
    with pytest.raises(InvitationError, match="chưa có địa chỉ thư điện tử"):
        invite_delegate(seated_person, base_url="http://testserver/")
    seated_person.user = UserFactory(username="vinh")
    with pytest.raises(InvitationError, match="đã có tài khoản"):
        invite_delegate(seated_person, base_url="http://testserver/", email="v@example.vn")


def test_secretariat_invites_from_the_admin(seated_person, client):
    clerk = secretariat_user()
    from django.contrib.auth.models import Permission

    clerk.user_permissions.add(Permission.objects.get(codename="change_person"))
    client.force_login(clerk)
    url = f"/quan-tri/dai-bieu/{seated_person.pk}/moi/"
    form = client.get(url)
    assert form.status_code == 200 and "vinh@example.vn" in form.content.decode()
    response = client.post(url, {"email": "vinh.moi@example.vn"})
    assert response.status_code == 302
    assert mail.outbox[0].to == ["vinh.moi@example.vn"]


def test_invite_view_refuses_users_without_permission(seated_person, client):
    client.force_login(secretariat_user())  # admin access, but may not change people
    assert client.get(f"/quan-tri/dai-bieu/{seated_person.pk}/moi/").status_code in (302, 403)
    assert not mail.outbox


def test_password_reset_mails_a_vietnamese_link_that_works(client):
    user = UserFactory(username="daibieu1", email="db1@example.vn")
    response = client.post("/tai-khoan/quen-mat-khau/", {"email": "db1@example.vn"})
    assert response.status_code == 302
    assert response["Location"] == "/tai-khoan/quen-mat-khau/da-gui/"
    message = mail.outbox[0]
    assert message.subject == "Đặt lại mật khẩu tài khoản HĐND tỉnh"
    link = link_in(message)
    page = client.get(link, follow=True)
    assert "Đặt mật khẩu mới" in page.content.decode()
    set_url = page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": "Sa-Pa-2026!x", "new_password2": "Sa-Pa-2026!x"})
    assert done["Location"] == "/tai-khoan/dat-lai-mat-khau/xong/"
    user.refresh_from_db()
    assert user.check_password("Sa-Pa-2026!x")


def test_password_reset_for_an_unknown_address_says_the_same_and_sends_nothing(client):
    response = client.post("/tai-khoan/quen-mat-khau/", {"email": "nobody@example.vn"})
    assert response["Location"] == "/tai-khoan/quen-mat-khau/da-gui/"
    assert not mail.outbox


def test_login_locks_out_after_five_failures(client):
    UserFactory(username="daibieu2", password="dung-mat-khau")
    for _ in range(5):
        response = client.post("/dang-nhap/", {"username": "daibieu2", "password": "sai"})
        assert response.status_code in (200, 429)
    locked = client.post("/dang-nhap/", {"username": "daibieu2", "password": "dung-mat-khau"})
    assert locked.status_code == 429
    assert "tạm khóa" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_with_the_test_client_needs_a_request_under_axes(client):
    UserFactory(username="daibieu3", password="pw")
    assert client.login(request=RequestFactory().get("/"), username="daibieu3", password="pw")


def test_delegate_sees_their_own_private_record(client):
    user = delegate_user()
    person = user.person
    person.phone, person.id_number = "0912 777 888", "010080000123"
    person.save()
    client.force_login(user)
    response = client.get("/dai-bieu/ho-so-cua-toi/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "0912 777 888" in html and "010080000123" in html
    assert "Số CCCD" in html and "Địa chỉ nơi ở" in html
    assert "no-store" in response["Cache-Control"]


def test_my_record_requires_login_and_a_linked_person(client):
    response = client.get("/dai-bieu/ho-so-cua-toi/")
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")
    client.force_login(UserFactory(username="khongphaidaibieu"))
    response = client.get("/dai-bieu/ho-so-cua-toi/")
    assert response.status_code == 404
    assert "chưa được gắn với hồ sơ" in response.content.decode()


def test_correction_request_is_stored_for_the_own_record_only(client):
    user = delegate_user()
    other = PersonFactory(full_name="Người Khác")
    client.force_login(user)
    response = client.post(
        "/dai-bieu/ho-so-cua-toi/",
        {"field_name": "phone", "message": "Số đúng là 0912 000 999.", "person": other.pk},
    )
    assert response.status_code == 302
    request = CorrectionRequest.objects.get()
    assert request.person == user.person and request.requested_by == user
    assert request.field_label == "điện thoại"
    assert not other.correction_requests.exists()
    page = client.get("/dai-bieu/ho-so-cua-toi/").content.decode()
    assert "Số đúng là 0912 000 999." in page and "Chờ xử lý" in page


def test_correction_request_needs_a_message_and_a_known_field(client):
    client.force_login(delegate_user())
    response = client.post("/dai-bieu/ho-so-cua-toi/", {"field_name": "user", "message": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hãy ghi nội dung cần đính chính." in html
    assert not CorrectionRequest.objects.exists()


def test_secretariat_sees_correction_requests_in_the_admin(client):
    user = delegate_user()
    CorrectionRequest.objects.create(
        person=user.person, requested_by=user, field_name="email", message="Thư mới: a@b.vn"
    )
    clerk = secretariat_user()
    from django.contrib.auth.models import Permission

    clerk.user_permissions.add(*Permission.objects.filter(codename__endswith="correctionrequest"))
    client.force_login(clerk)
    response = client.get("/quan-tri/snippets/delegates/correctionrequest/")
    assert response.status_code == 200
    assert user.person.full_name in response.content.decode()


def test_demo_delegate_account_sees_own_record(demo, client):
    client.force_login(demo.users["daibieu"])
    html = client.get("/dai-bieu/ho-so-cua-toi/").content.decode()
    person = Person.objects.get(user=demo.users["daibieu"])
    assert person.id_number in html and person.full_name in html


def test_office_is_told_of_a_correction_request_without_the_values(client):
    from wagtail.models import Site

    from core.models import CouncilSettings

    office = CouncilSettings.for_site(Site.objects.get(is_default_site=True))
    office.email = "vanphong@example.vn"
    office.save()
    user = delegate_user()
    client.force_login(user)
    client.post(
        "/dai-bieu/ho-so-cua-toi/",
        {"field_name": "id_number", "message": "Số CCCD đúng là 010080000999"},
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["vanphong@example.vn"]
    assert user.person.full_name in message.subject
    assert "010080000999" not in message.body
    assert "/quan-tri/snippets/delegates/correctionrequest/" in message.body


def test_login_page_offers_password_reset(client, db):
    assert "/tai-khoan/quen-mat-khau/" in client.get("/dang-nhap/").content.decode()
