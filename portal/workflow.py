"""The publishing workflow: Editors draft, Moderators approve before anything goes live.

Wagtail's own migrations create a "Moderators approval" workflow on the root page. The portal
depends on it, so `ensure_moderation_workflow` (run after every migrate, and by the demo loader)
restores it if it has been deleted, disabled or detached from the root page. Idempotent.
"""

from __future__ import annotations

from django.contrib.auth.models import Group
from wagtail.models import GroupApprovalTask, Page, Workflow, WorkflowPage, WorkflowTask

WORKFLOW_NAME = "Moderators approval"
TASK_NAME = "Moderators approval"


def ensure_moderation_workflow(moderators: Group):
    """The workflow on the root page, its one task approved by `moderators` (the role's group,
    which `portal.accounts.roles` owns)."""
    root = Page.get_first_root_node()
    if root is None:
        return None
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    if not task.active:
        task.active = True
        task.save(update_fields=["active"])
    task.groups.add(moderators)

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    if not WorkflowTask.objects.filter(workflow=workflow, task=task).exists():
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=workflow.workflow_tasks.count())
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
    return workflow
