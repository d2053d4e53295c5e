"""Demo step: the approval workflow on the whole site (clerk `vanphong` submits, head
`lanhdao` approves). Idempotent."""

from .workflow import WORKFLOW_NAME, ensure_workflow


def load(ctx) -> None:
    workflow = ensure_workflow()
    ctx.objects["approval_workflow"] = workflow
    ctx.write(f"    quy trình duyệt: {WORKFLOW_NAME}")
