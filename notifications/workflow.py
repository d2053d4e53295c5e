"""The secretariat's approval before publishing: a clerk submits, the head of office approves
(then the page goes live, or waits for its go-live time) or sends it back with a comment.

Built on Wagtail's own Workflow and GroupApprovalTask (`models.HeadApprovalTask`: a rejection
must carry a comment, in the admin dialog too), so the admin buttons, the locks and the
history ("who did what and when") are Wagtail's. The functions below are the same steps for
code and tests, with the refusals spelt out in Vietnamese.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core.roles import CLERK, HEAD, ensure_roles

WORKFLOW_NAME = "Duyệt trước khi xuất bản"
TASK_NAME = "Lãnh đạo Văn phòng duyệt"

NOT_EDITOR = _(
    "Bạn không có quyền gửi trang này đi duyệt. Chỉ Chuyên viên Văn phòng (nhóm “{clerk}”) "
    "hoặc Lãnh đạo Văn phòng mới chuẩn bị và gửi duyệt được."
)
NOT_APPROVER = _(
    "Bạn không có quyền duyệt hoặc trả lại trang này. Chỉ Lãnh đạo Văn phòng "
    "(nhóm “{head}”) mới được duyệt."
)
NOTHING_TO_REVIEW = _("Trang này không có bản nào đang chờ duyệt.")
ALREADY_IN_REVIEW = _("Trang này đã được gửi duyệt và đang chờ Lãnh đạo Văn phòng.")
COMMENT_REQUIRED = _(
    "Hãy ghi rõ lý do trả lại để Chuyên viên biết cần sửa gì (ô nhận xét đang để trống)."
)


class WorkflowRefused(PermissionDenied):
    """A workflow step the user may not take; the message says why, in Vietnamese."""


def _head_task():
    """The approval step, as a `HeadApprovalTask`. A database set up before that model existed
    has a plain `GroupApprovalTask` of the same name: it is turned into one in place (same
    primary key), so the workflow, its history and any page waiting in review keep it."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import GroupApprovalTask, Task

    from .models import HeadApprovalTask

    task = HeadApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is not None:
        return task
    plain = GroupApprovalTask.objects.filter(
        name=TASK_NAME, content_type=ContentType.objects.get_for_model(GroupApprovalTask)
    ).first()
    if plain is None:
        return HeadApprovalTask.objects.create(name=TASK_NAME)
    # Add the child row only (raw save skips the parents), then say what the task now is.
    HeadApprovalTask(groupapprovaltask_ptr_id=plain.pk).save_base(raw=True)
    Task.objects.filter(pk=plain.pk).update(
        content_type=ContentType.objects.get_for_model(HeadApprovalTask)
    )
    return HeadApprovalTask.objects.get(pk=plain.pk)


@transaction.atomic
def ensure_workflow():
    """Create (or repair) the approval workflow and assign it to the root page; idempotent."""
    from wagtail.models import Page, Workflow, WorkflowPage, WorkflowTask

    groups = ensure_roles()
    task = _head_task()
    task.active = True
    task.save()
    task.groups.set([groups[HEAD]])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    if not workflow.active:
        workflow.active = True
        workflow.save()
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    root = Page.objects.filter(depth=1).first()
    if root is not None:
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
    return workflow


def submit(page, user):
    """The clerk sends the page's latest draft for approval."""
    page = page.specific
    if not (user.is_active and page.permissions_for_user(user).can_edit()):
        raise WorkflowRefused(NOT_EDITOR.format(clerk=CLERK))
    if page.workflow_in_progress:
        raise WorkflowRefused(str(ALREADY_IN_REVIEW))
    workflow = page.get_workflow()
    if workflow is None:
        workflow = ensure_workflow()
    if page.latest_revision is None:
        page.save_revision(user=user)
    return workflow.start(page, user)


def _current(page, user, action: str):
    page = page.specific
    task_state = page.current_workflow_task_state
    if task_state is None:
        raise WorkflowRefused(str(NOTHING_TO_REVIEW))
    task = task_state.task.specific
    if action not in {name for name, *_ in task.get_actions(page, user)}:
        raise WorkflowRefused(NOT_APPROVER.format(head=HEAD))
    return task, task_state


def approve(page, user, comment: str = ""):
    """The head of office approves: the page is published now, or at its go-live time."""
    task, task_state = _current(page, user, "approve")
    task.on_action(task_state, user, "approve", comment=comment.strip())
    return task_state.workflow_state


def reject(page, user, comment: str):
    """The head of office sends the page back to the clerk with what to change."""
    if not (comment or "").strip():
        raise ValidationError(str(COMMENT_REQUIRED))
    task, task_state = _current(page, user, "reject")
    task.on_action(task_state, user, "reject", comment=comment.strip())
    return task_state.workflow_state
