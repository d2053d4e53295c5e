"""The access core: the queryset filter and `can_view` agree, and nothing leaks before release."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from library import access
from library.access import Level
from library.models import ArchiveDocument
from tests.factories import (
    ArchiveDocumentFactory,
    TermFactory,
    UserFactory,
    delegate_user,
    secretariat_user,
)

NOW = timezone.now().replace(microsecond=0)
OFFSETS = st.sampled_from([None, -3600, -1, 0, 1, 3600])


def at(offset):
    return None if offset is None else NOW + datetime.timedelta(seconds=offset)


class AccessPropertyTests(TestCase):
    """users × levels × release times × now: filter and can_view always agree."""

    @classmethod
    def setUpTestData(cls):
        cls.term = TermFactory(number=16)
        cls.other_term = TermFactory(number=15, start_date=datetime.date(2016, 6, 1))
        cls.reader = UserFactory(username="reader")
        cls.users = {
            "anonymous": AnonymousUser(),
            "plain": UserFactory(username="plain"),
            "delegate": delegate_user(cls.term, "delegate16"),
            "other_delegate": delegate_user(cls.other_term, "delegate15"),
            "reader": cls.reader,
            "secretariat": secretariat_user(),
            "inactive_secretariat": secretariat_user("gone", is_active=False),
        }

    @settings(max_examples=150, deadline=None)
    @given(
        level=st.sampled_from(list(Level)),
        release=OFFSETS,
        public=OFFSETS,
        term=st.sampled_from(["term", "other", None]),
        named=st.booleans(),
        now_offset=st.sampled_from([-7200, -1, 0, 1, 7200]),
    )
    def test_filter_and_can_view_agree(self, level, release, public, term, named, now_offset):
        ArchiveDocument.objects.all().delete()
        doc = ArchiveDocument.objects.create(
            title="Tài liệu kiểm thử",
            access_level=level,
            release_at=at(release),
            public_at=at(public) if level == Level.DELEGATES else None,
            term={"term": self.term, "other": self.other_term, None: None}[term],
        )
        if named:
            doc.readers.add(self.reader)
        now = NOW + datetime.timedelta(seconds=now_offset)
        for name, user in self.users.items():
            visible = access.visible_to(ArchiveDocument.objects.all(), user, now)
            in_filter = visible.filter(pk=doc.pk).exists()
            assert in_filter == access.can_view(user, doc, now), name
            assert visible.count() == (1 if in_filter else 0), name
            if name == "secretariat":
                assert in_filter
                continue
            released = doc.release_at is None or doc.release_at <= now
            if not released:
                assert not in_filter, f"{name} sees {level} before its release"
            if level == Level.SECRET:
                assert not in_filter, f"{name} sees a secret record"


@pytest.mark.django_db
def test_delegate_of_other_term_cannot_see_draft():
    term = TermFactory(number=16)
    other = TermFactory(number=15, start_date=datetime.date(2016, 6, 1))
    draft = ArchiveDocumentFactory(access_level=Level.DELEGATES, term=term)
    assert access.can_view(delegate_user(term, "d16"), draft)
    assert not access.can_view(delegate_user(other, "d15"), draft)
    assert not access.can_view(AnonymousUser(), draft)


@pytest.mark.django_db
def test_delegate_loses_access_when_term_ends():
    term = TermFactory(number=16)
    user = delegate_user(term, "d16")
    draft = ArchiveDocumentFactory(access_level=Level.DELEGATES, term=term)
    assert access.can_view(user, draft)
    term.end_date = timezone.localdate() - datetime.timedelta(days=1)
    term.save()
    user = type(user).objects.get(pk=user.pk)
    assert not access.can_view(user, draft)
    assert not access.visible_to(ArchiveDocument.objects.all(), user).exists()


@pytest.mark.django_db
def test_delegate_level_item_becomes_public_at_its_time_without_a_job():
    term = TermFactory()
    doc = ArchiveDocumentFactory(
        access_level=Level.DELEGATES, term=term, public_at=NOW + datetime.timedelta(hours=1)
    )
    assert not access.is_public(doc, NOW)
    assert access.is_public(doc, NOW + datetime.timedelta(hours=1))
    later = NOW + datetime.timedelta(hours=2)
    assert access.visible_to(ArchiveDocument.objects.all(), AnonymousUser(), later).count() == 1


@pytest.mark.django_db
def test_secret_document_refuses_a_file():
    doc = ArchiveDocumentFactory.build(access_level=Level.SECRET)
    with pytest.raises(ValidationError) as excinfo:
        doc.full_clean()
    assert "Mật" in str(excinfo.value)
    with pytest.raises(ValidationError):
        doc.save()


@pytest.mark.django_db
def test_secret_metadata_only_record_is_kept():
    doc = ArchiveDocument.objects.create(title="Văn bản mật", access_level=Level.SECRET)
    assert not doc.has_file
    assert access.can_view(secretariat_user(), doc)
    assert not access.can_view(delegate_user(), doc)


@pytest.mark.django_db
def test_release_time_in_the_past_is_refused():
    doc = ArchiveDocumentFactory.build(release_at=NOW - datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as excinfo:
        doc.full_clean()
    assert "release_at" in excinfo.value.message_dict


@pytest.mark.django_db
def test_public_at_only_for_delegate_level():
    doc = ArchiveDocumentFactory.build(
        access_level=Level.PUBLIC, public_at=NOW + datetime.timedelta(days=1)
    )
    with pytest.raises(ValidationError) as excinfo:
        doc.full_clean()
    assert "public_at" in excinfo.value.message_dict
