"""A session goes from the clerk to the head of office to published, through Wagtail's
workflow; a rejection carries a comment back; nobody without the role takes a step."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, Revision, WorkflowState

from core.roles import CLERK, HEAD
from notifications import demo, workflow
from notifications.models import Event
from notifications.tasks import publish_scheduled
from sessions.models import SessionPage
from tests.factories import TermFactory, UserFactory, delegate_user
from tests.sessions.builders import make_session

pytestmark = pytest.mark.django_db


def staff(username, group_name):
    user = UserFactory(username=username, is_staff=True)
    groups = workflow.ensure_roles()
    user.groups.add(groups[group_name])
    return get_user_model().objects.get(pk=user.pk)


@pytest.fixture
def office():
    workflow.ensure_workflow()
    term = TermFactory()
    page = make_session(term, number=12, live=False)
    return {
        "term": term,
        "page": page,
        "clerk": staff("vanphong", CLERK),
        "head": staff("lanhdao", HEAD),
    }


def test_workflow_is_assigned_to_the_whole_site_and_created_once():
    first = workflow.ensure_workflow()
    second = workflow.ensure_workflow()
    assert first.pk == second.pk
    root = Page.objects.get(depth=1)
    assert root.workflowpage.workflow == first
    task = first.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == [HEAD]


def test_demo_step_is_idempotent():
    class Ctx:
        objects: dict = {}

        @staticmethod
        def write(text):
            pass

    demo.load(Ctx)
    demo.load(Ctx)
    assert Ctx.objects["approval_workflow"].name == workflow.WORKFLOW_NAME


def test_clerk_submits_a_session_for_approval(office):
    page, clerk = office["page"], office["clerk"]
    page.venue = "Hội trường lớn, Trung tâm Hội nghị tỉnh"
    page.save_revision(user=clerk)
    state = workflow.submit(page, clerk)
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == clerk
    page.refresh_from_db()
    assert page.workflow_in_progress and not page.live


def test_clerk_cannot_publish_or_approve(office):
    page, clerk = office["page"], office["clerk"]
    workflow.submit(page, clerk)
    assert not page.permissions_for_user(clerk).can_publish()
    with pytest.raises(workflow.WorkflowRefused, match="Lãnh đạo Văn phòng"):
        workflow.approve(page, clerk)
    page.refresh_from_db()
    assert not page.live


def test_head_approves_and_the_session_goes_live_and_is_announced(office):
    page = office["page"]
    workflow.submit(page, office["clerk"])
    state = workflow.approve(page, office["head"], "Đồng ý đăng.")
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    page.refresh_from_db()
    assert page.live
    assert Event.objects.filter(session=page, kind=Event.Kind.SESSION_PUBLISHED).exists()
    # Wagtail's history keeps who did what.
    actions = set(page.revisions.values_list("user__username", flat=True))
    assert "vanphong" in actions
    from wagtail.models import PageLogEntry

    log = PageLogEntry.objects.filter(page=page).values_list("action", "user__username")
    assert ("wagtail.workflow.start", "vanphong") in log
    assert ("wagtail.workflow.approve", "lanhdao") in log
    assert ("wagtail.publish", "lanhdao") in log


def test_approved_with_go_live_time_is_published_by_the_worker_when_due(office):
    page, clerk = office["page"], office["clerk"]
    page.go_live_at = timezone.now() + datetime.timedelta(days=2)
    page.save_revision(user=clerk)
    workflow.submit(page, clerk)
    workflow.approve(page, office["head"])
    page.refresh_from_db()
    assert not page.live
    revision = Revision.page_revisions.get(
        object_id=str(page.pk), approved_go_live_at__isnull=False
    )
    # Two days pass: move the approved time (and the revision's own go-live) into the past.
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])
    publish_scheduled.call()
    page.refresh_from_db()
    assert page.live


def test_head_rejects_with_a_comment_that_reaches_the_clerk(office):
    page, clerk = office["page"], office["clerk"]
    workflow.submit(page, clerk)
    mail.outbox.clear()
    comment = "Thiếu báo cáo thẩm tra của Ban Kinh tế – Ngân sách ở mục 2."
    state = workflow.reject(page, office["head"], comment)
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    task_state = state.task_states.get()
    assert task_state.comment == comment and task_state.finished_by == office["head"]
    page.refresh_from_db()
    assert not page.live
    to_clerk = [m for m in mail.outbox if clerk.email in m.to]
    assert to_clerk and comment in to_clerk[0].body


def test_rejection_without_a_comment_is_refused(office):
    page = office["page"]
    workflow.submit(page, office["clerk"])
    with pytest.raises(ValidationError, match="lý do trả lại"):
        workflow.reject(page, office["head"], "  ")
    assert page.specific.workflow_in_progress


def test_clerk_resubmits_after_changes_and_head_approves(office):
    page, clerk = office["page"], office["clerk"]
    workflow.submit(page, clerk)
    workflow.reject(page, office["head"], "Sửa địa điểm.")
    page = SessionPage.objects.get(pk=page.pk)
    page.venue = "Hội trường HĐND tỉnh, tầng 3"
    page.save_revision(user=clerk)
    state = page.current_workflow_state
    state.resume(clerk)
    workflow.approve(page, office["head"])
    page.refresh_from_db()
    assert page.live and page.venue == "Hội trường HĐND tỉnh, tầng 3"


def test_user_without_a_role_cannot_submit(office):
    delegate = delegate_user(office["term"], "daibieu")
    with pytest.raises(workflow.WorkflowRefused, match="không có quyền gửi"):
        workflow.submit(office["page"], delegate)


def test_nothing_to_approve_is_said_plainly(office):
    with pytest.raises(workflow.WorkflowRefused, match="không có bản nào đang chờ duyệt"):
        workflow.approve(office["page"], office["head"])


def test_admin_refuses_the_clerk_approving_with_a_message(client, office):
    page, clerk = office["page"], office["clerk"]
    workflow.submit(page, clerk)
    task_state = page.specific.current_workflow_task_state
    client.force_login(clerk)
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    response = client.post(url, {"comment": ""})
    assert response.status_code == 302
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("không có quyền" in m for m in messages)
    page.refresh_from_db()
    assert not page.live
    assert page.specific.workflow_in_progress


def test_admin_lets_the_head_approve(client, office):
    page = office["page"]
    workflow.submit(page, office["clerk"])
    task_state = page.specific.current_workflow_task_state
    client.force_login(office["head"])
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    response = client.post(url, {"comment": "Đồng ý."})
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live


def test_library_item_goes_through_the_same_approval(office):
    from core.models import HomePage
    from library.catalogue import LibraryCollectionPage, LibraryIndexPage, LibraryItemPage

    home = HomePage.objects.get(depth=2)
    index = home.add_child(instance=LibraryIndexPage(title="Thư viện điện tử", slug="thu-vien"))
    collection = index.add_child(
        instance=LibraryCollectionPage(
            title="Sách tham khảo", slug="sach", kind=LibraryCollectionPage.Kind.REFERENCE
        )
    )
    item = collection.add_child(
        instance=LibraryItemPage(title="Kỷ yếu HĐND tỉnh 2021–2026", slug="ky-yeu", live=False)
    )
    assert item.get_workflow().name == workflow.WORKFLOW_NAME
    workflow.submit(item, office["clerk"])
    with pytest.raises(workflow.WorkflowRefused):
        workflow.approve(item, office["clerk"])
    workflow.approve(item, office["head"])
    item.refresh_from_db()
    assert item.live


def test_ensure_workflow_command_is_idempotent():
    from io import StringIO

    from django.core.management import call_command
    from wagtail.models import Workflow

    out = StringIO()
    call_command("ensure_workflow", stdout=out)
    call_command("ensure_workflow", stdout=out)
    assert Workflow.objects.filter(name=workflow.WORKFLOW_NAME).count() == 1
    assert "đã sẵn sàng" in out.getvalue()


def _reject_url(page):
    task_state = page.specific.current_workflow_task_state
    return reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "reject", task_state.pk])


XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


def test_admin_reject_dialog_asks_for_a_required_reason(client, office):
    page = office["page"]
    workflow.submit(page, office["clerk"])
    client.force_login(office["head"])
    response = client.get(_reject_url(page), **XHR)
    assert response.status_code == 200
    html = response.json()["html"]
    assert "Lý do trả lại" in html
    assert 'name="comment"' in html and "required" in html


def test_admin_reject_without_a_comment_is_refused_and_the_page_stays_in_review(client, office):
    page, clerk = office["page"], office["clerk"]
    workflow.submit(page, clerk)
    client.force_login(office["head"])
    mail.outbox.clear()
    # The admin's dialog posts with XMLHttpRequest: the form comes back with the reason.
    response = client.post(_reject_url(page), {"comment": "   "}, **XHR)
    assert response.status_code == 200
    body = response.json()
    assert body["step"] == "action"
    assert "Hãy ghi rõ lý do trả lại" in body["html"]
    # Without the dialog (a plain form post) nothing happens either.
    response = client.post(_reject_url(page), {"comment": ""})
    assert response.status_code == 302
    page = SessionPage.objects.get(pk=page.pk)
    assert page.workflow_in_progress
    state = page.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.status == state.current_task_state.STATUS_IN_PROGRESS
    assert not [m for m in mail.outbox if clerk.email in m.to]


def test_admin_reject_with_a_comment_goes_back_to_the_clerk(client, office):
    page, clerk = office["page"], office["clerk"]
    workflow.submit(page, clerk)
    task_state = page.specific.current_workflow_task_state
    client.force_login(office["head"])
    mail.outbox.clear()
    comment = "Bổ sung tờ trình của UBND tỉnh ở mục 3."
    response = client.post(_reject_url(page), {"comment": comment}, **XHR)
    assert response.status_code == 200
    assert response.json()["step"] == "success"
    task_state.refresh_from_db()
    assert task_state.status == task_state.STATUS_REJECTED
    assert task_state.comment == comment and task_state.finished_by == office["head"]
    state = task_state.workflow_state
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    to_clerk = [m for m in mail.outbox if clerk.email in m.to]
    assert to_clerk and comment in to_clerk[0].body


def test_reject_without_a_comment_is_refused_on_every_path(office):
    """The editor's action menu hands the dialog's data straight to the task: checked there too."""
    page = office["page"]
    workflow.submit(page, office["clerk"])
    task_state = page.specific.current_workflow_task_state
    task = task_state.task.specific
    with pytest.raises(workflow.WorkflowRefused, match="lý do trả lại"):
        task.on_action(task_state, office["head"], "reject", comment="")
    task_state.refresh_from_db()
    assert task_state.status == task_state.STATUS_IN_PROGRESS


def _old_style_workflow():
    """A database from before HeadApprovalTask: the step is a plain GroupApprovalTask."""
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

    groups = workflow.ensure_roles()
    task = GroupApprovalTask.objects.create(name=workflow.TASK_NAME)
    task.groups.set([groups[HEAD]])
    flow = Workflow.objects.create(name=workflow.WORKFLOW_NAME)
    WorkflowTask.objects.create(workflow=flow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(
        page=Page.objects.get(depth=1), defaults={"workflow": flow}
    )
    return task


def _page_in_review_on_old_task():
    term = TermFactory()
    page = make_session(term, number=12, live=False)
    clerk, head = staff("vanphong", CLERK), staff("lanhdao", HEAD)
    workflow.submit(page, clerk)
    return page, clerk, head


def test_ensure_workflow_turns_an_old_plain_task_into_the_head_task_in_place():
    from notifications.models import HeadApprovalTask

    old = _old_style_workflow()
    page, clerk, head = _page_in_review_on_old_task()
    assert type(page.specific.current_workflow_task) is not HeadApprovalTask

    flow = workflow.ensure_workflow()
    workflow.ensure_workflow()

    task = flow.tasks.get().specific
    assert isinstance(task, HeadApprovalTask) and task.pk == old.pk
    assert list(task.groups.values_list("name", flat=True)) == [HEAD]
    # The page waiting in review is now on the stricter task and can still be approved.
    page = SessionPage.objects.get(pk=page.pk)
    assert isinstance(page.current_workflow_task, HeadApprovalTask)
    with pytest.raises(workflow.WorkflowRefused):
        page.current_workflow_task.on_action(
            page.current_workflow_task_state, head, "reject", comment=""
        )
    workflow.approve(page, head)
    page.refresh_from_db()
    assert page.live


def test_migration_turns_an_old_plain_task_into_the_head_task():
    import importlib

    from django.apps import apps
    from wagtail.models import Task

    from notifications.models import HeadApprovalTask

    migration = importlib.import_module("notifications.migrations.0002_head_approval_task")
    old = _old_style_workflow()
    migration.upgrade_task(apps, None)
    assert isinstance(Task.objects.get(pk=old.pk).specific, HeadApprovalTask)
    assert workflow.ensure_workflow().tasks.get().pk == old.pk
    migration.downgrade_task(apps, None)
    assert type(Task.objects.get(pk=old.pk).specific).__name__ == "GroupApprovalTask"
