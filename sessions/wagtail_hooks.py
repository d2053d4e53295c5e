"""The secretariat's admin for proceedings: ballots with each delegate's vote, CSV import of
votes, interpellations and voters' petitions."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Ballot, Interpellation, Petition
from .services import import_votes_csv


class BallotViewSet(SnippetViewSet):
    model = Ballot
    icon = "tasks"
    menu_label = _("Biểu quyết")
    list_display = ["subject", "session", "held_at", "result"]
    list_filter = ["session", "result"]
    search_fields = ["subject"]


class InterpellationViewSet(SnippetViewSet):
    model = Interpellation
    icon = "help"
    menu_label = _("Chất vấn")
    list_display = ["asker", "respondent", "session"]
    list_filter = ["session"]


class PetitionViewSet(SnippetViewSet):
    model = Petition
    icon = "mail"
    menu_label = _("Kiến nghị cử tri")
    list_display = ["topic", "meeting", "meeting_date", "status"]
    list_filter = ["status", "session"]
    search_fields = ["content", "topic", "meeting"]


class ProceedingsGroup(SnippetViewSetGroup):
    items = (BallotViewSet, InterpellationViewSet, PetitionViewSet)
    menu_icon = "group"
    menu_label = _("Kỳ họp")
    menu_name = "ky-hop"


register_snippet(ProceedingsGroup)


class VoteImportForm(forms.Form):
    ballot = forms.ModelChoiceField(
        label=_("Lần biểu quyết"),
        queryset=Ballot.objects.select_related("session").order_by("-held_at"),
    )
    file = forms.FileField(
        label=_("Tệp CSV"),
        help_text=_(
            "Cột: ma_dai_bieu, ho_ten, lua_chon (tán thành / không tán thành / không biểu "
            "quyết / vắng mặt; hoặc for / against / abstain / absent). Một dòng sai thì không "
            "ghi dòng nào; phiếu cũ được thay toàn bộ."
        ),
    )


def import_votes_view(request):
    if not request.user.has_perm("council_sessions.change_ballot"):
        raise PermissionDenied
    form = VoteImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        ballot = form.cleaned_data["ballot"]
        try:
            totals = import_votes_csv(ballot, form.cleaned_data["file"].read())
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("file", message)
        else:
            messages.success(
                request,
                _(
                    "Đã nhập phiếu cho “%(subject)s”: %(for)s tán thành, %(against)s không tán "
                    "thành, %(abstain)s không biểu quyết, %(absent)s vắng mặt."
                )
                % {"subject": ballot.subject, **totals},
            )
            return redirect("sessions_import_votes")
    return TemplateResponse(
        request,
        "sessions/admin/import_votes.html",
        {"form": form, "header_title": _("Nhập phiếu biểu quyết")},
    )


@hooks.register("register_admin_urls")
def register_import_url():
    return [path("bieu-quyet/nhap-csv/", import_votes_view, name="sessions_import_votes")]


@hooks.register("register_admin_menu_item")
def register_import_menu():
    return MenuItem(
        _("Nhập phiếu biểu quyết"),
        reverse("sessions_import_votes"),
        icon_name="upload",
        order=420,
    )
