"""An account's sessions end when it is deactivated; an ended term ends delegate access at once."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from library.access import Level
from tests.factories import ArchiveDocumentFactory, TermFactory, UserFactory, delegate_user

pytestmark = pytest.mark.django_db


def signed_in_clients(user, count=2):
    clients = []
    for _ in range(count):
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients


def is_signed_in(client) -> bool:
    return client.get("/dai-bieu/ho-so-cua-toi/").status_code == 200


def test_deactivating_an_account_ends_every_one_of_its_sessions():
    user = delegate_user(TermFactory())
    other = delegate_user(TermFactory(number=15, start_date=datetime.date(2016, 6, 1)), "other")
    phone, laptop = signed_in_clients(user)
    (bystander,) = signed_in_clients(other, 1)
    assert Session.objects.count() == 3

    user.is_active = False
    user.save()

    assert Session.objects.count() == 1
    assert phone.session.session_key not in set(Session.objects.values_list("pk", flat=True))
    assert not is_signed_in(phone) and not is_signed_in(laptop)
    assert is_signed_in(bystander)


def test_saving_an_active_account_keeps_its_sessions():
    user = UserFactory(username="reader")
    signed_in_clients(user)
    user.full_name = "Tên mới"
    user.save()
    assert Session.objects.count() == 2


def test_deactivation_also_clears_cached_sessions(settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    from django.contrib.sessions.backends.cached_db import KEY_PREFIX
    from django.core.cache import cache

    user = UserFactory(username="cached")
    (client,) = signed_in_clients(user, 1)
    key = client.session.session_key
    assert cache.get(KEY_PREFIX + key) is not None
    assert Session.objects.filter(pk=key).exists()
    user.is_active = False
    user.save()
    assert cache.get(KEY_PREFIX + key) is None
    assert not Session.objects.filter(pk=key).exists()


def test_delegate_whose_term_ends_loses_delegate_material_in_the_same_session(client):
    term = TermFactory()
    user = delegate_user(term)
    document = ArchiveDocumentFactory(
        title="Dự thảo CANARYTERMEND", access_level=Level.DELEGATES, term=term
    )
    client.force_login(user)
    assert client.get(document.url).status_code == 200

    # The term's end date passes (yesterday): the very next request is refused, no re-login.
    term.end_date = timezone.localdate() - datetime.timedelta(days=1)
    term.save()
    refused = client.get(document.url)
    assert refused.status_code == 403
    assert b"CANARYTERMEND" not in refused.content


def test_delegate_whose_membership_ends_loses_delegate_material_at_once(client):
    term = TermFactory()
    user = delegate_user(term)
    document = ArchiveDocumentFactory(access_level=Level.DELEGATES, term=term)
    client.force_login(user)
    assert client.get(document.url).status_code == 200
    user.person.memberships.update(end_date=timezone.localdate() - datetime.timedelta(days=1))
    assert client.get(document.url).status_code == 403
