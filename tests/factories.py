"""factory_boy factories shared by every app's tests."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.utils import timezone

from core.pdfgen import text_pdf
from delegates.models import Body, Membership, Person, Term
from library.access import Level
from library.models import ArchiveDocument


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Người dùng {n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.vn")
    password = factory.PostGenerationMethodCall("set_password", "pw")

    @factory.post_generation
    def persist(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def secretariat_user(username: str = "clerk", **kwargs):
    user = UserFactory(username=username, is_staff=True, **kwargs)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="library", codename="view_nonpublic"),
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
    )
    return get_user_model().objects.get(pk=user.pk)


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term
        django_get_or_create = ("number",)

    number = 16
    start_date = datetime.date(2021, 6, 25)
    end_date = None


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body
        django_get_or_create = ("term", "name")

    term = factory.SubFactory(TermFactory)
    kind = Body.Kind.COUNCIL
    name = factory.LazyAttribute(lambda o: f"HĐND tỉnh khóa {o.term.roman}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    key = factory.Sequence(lambda n: f"DB{n:04d}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Đại {n}")
    slug = factory.Sequence(lambda n: f"nguyen-van-dai-{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    body = factory.SubFactory(BodyFactory)
    role = Membership.Role.DELEGATE
    start_date = factory.LazyAttribute(lambda o: o.body.term.start_date)


def delegate_user(term=None, username: str | None = None, **membership):
    """A user account linked to a person who sits on the council in `term`."""
    term = term or TermFactory()
    user = UserFactory(username=username or f"delegate-{term.number}")
    person = PersonFactory(user=user)
    MembershipFactory(person=person, body=BodyFactory(term=term), **membership)
    return get_user_model().objects.get(pk=user.pk)


class ArchiveDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ArchiveDocument
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Nghị quyết về đường giao thông số {n}")
    number = factory.Sequence(lambda n: f"{n + 1}/2025/NQ-HĐND")
    access_level = Level.PUBLIC
    file = factory.LazyAttribute(
        lambda o: ContentFile(text_pdf(o.title, [f"Nội dung {o.title}."]), name="van-ban.pdf")
    )


def in_minutes(minutes: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(minutes=minutes)
