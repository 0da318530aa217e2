"""Publishing: Editors draft, Moderators approve, pages go live and come down on schedule, and every
page type previews in the editor."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, Workflow, WorkflowState
from wagtail.test.utils import WagtailPageTestCase

from portal.accounts.roles import EDITORS, MODERATORS
from portal.models import StandardPage
from portal.workflow import ensure_moderation_workflow
from tests.preview_data import edit_form_data
from tests.users import staff_user

pytestmark = pytest.mark.django_db


def _edit(client, page, **changes):
    data = edit_form_data(client, page)
    data.update(changes)
    return client.post(f"/admin/pages/{page.pk}/edit/", data)


@pytest.fixture
def partnership(kernel_site):
    return StandardPage.objects.get(slug="partnership")


def test_the_root_page_has_the_moderators_approval_workflow(kernel_site):
    root = Page.get_first_root_node()
    workflow = root.get_workflow()
    assert workflow is not None and workflow.active
    task = workflow.tasks.get().specific
    assert [group.name for group in task.groups.all()] == [MODERATORS]


def test_a_deleted_workflow_is_restored(kernel_site):
    Workflow.objects.all().delete()
    moderators = Group.objects.get(name=MODERATORS)
    ensure_moderation_workflow(moderators)
    ensure_moderation_workflow(moderators)  # idempotent
    assert Workflow.objects.count() == 1
    assert Page.get_first_root_node().get_workflow().name == "Moderators approval"


def test_an_editor_cannot_publish_and_a_moderator_approves(client, partnership):
    editor = staff_user("eddie", EDITORS)
    moderator = staff_user("mo", MODERATORS)
    original = partnership.title

    client.force_login(editor)
    _edit(client, partnership, title="Partnership (revised)", **{"action-publish": "action-publish"})
    partnership.refresh_from_db()
    assert partnership.title == original and partnership.has_unpublished_changes  # saved as a draft only

    response = _edit(client, partnership, title="Partnership (revised)", **{"action-submit": "action-submit"})
    assert response.status_code == 302
    state = WorkflowState.objects.get(base_content_type__model__isnull=False, object_id=str(partnership.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert original in client.get(partnership.url).content.decode()
    # An editor cannot approve their own submission.
    task_state = state.current_task_state
    approve_url = f"/admin/pages/workflow/action/{partnership.pk}/approve/{task_state.pk}/"
    client.post(approve_url, {"comment": ""})
    task_state.refresh_from_db()
    assert task_state.status == task_state.STATUS_IN_PROGRESS

    client.force_login(moderator)
    response = client.post(approve_url, {"comment": "Checked the figures."})
    assert response.status_code in (200, 302)
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    client.logout()
    assert "Partnership (revised)" in client.get(partnership.url).content.decode()


def test_scheduled_publishing_and_unpublishing(client, partnership, monkeypatch):
    moderator = staff_user("mo", MODERATORS)
    client.force_login(moderator)
    go_live = (timezone.localtime() + datetime.timedelta(days=1)).replace(second=0, microsecond=0)
    _edit(client, partnership, title="Partnership (from tomorrow)",
          go_live_at=go_live.strftime("%Y-%m-%d %H:%M"), **{"action-publish": "action-publish"})
    partnership.refresh_from_db()
    revision = partnership.scheduled_revision
    assert revision is not None and revision.approved_go_live_at == go_live
    client.logout()
    assert "Partnership (from tomorrow)" not in client.get(partnership.url).content.decode()

    call_command("publish_scheduled", stdout=open("/dev/null", "w"))  # not yet due: nothing changes
    assert "Partnership (from tomorrow)" not in client.get(partnership.url).content.decode()

    # A day later: the periodic command publishes it.
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() + datetime.timedelta(days=1, minutes=1))
    call_command("publish_scheduled", stdout=open("/dev/null", "w"))
    assert "Partnership (from tomorrow)" in client.get(partnership.url).content.decode()

    # An expiry date in the past takes the page down at the next run.
    StandardPage.objects.filter(pk=partnership.pk).update(expire_at=timezone.now() - datetime.timedelta(minutes=1))
    call_command("publish_scheduled", stdout=open("/dev/null", "w"))
    partnership.refresh_from_db()
    assert not partnership.live and partnership.expired
    assert client.get(partnership.url).status_code == 404


class _Previews(WagtailPageTestCase):
    """Wagtail's page assertions, used from pytest functions."""


def test_every_page_type_in_the_demo_previews_in_the_editor(client, demo_site):
    admin = staff_user("previewer", superuser=True)
    checks = _Previews()
    checks.client = client
    seen = set()
    for page in Page.objects.filter(depth__gt=1).specific().order_by("path"):
        if type(page) in seen:
            continue
        seen.add(type(page))
        client.force_login(admin)
        data = edit_form_data(client, page)
        for mode, _label in page.preview_modes:
            checks.assertPageIsPreviewable(page, mode=mode, post_data=data, user=admin)
    assert len(seen) >= 15, sorted(cls.__name__ for cls in seen)
    # Previewing a course shows it as a learner sees it, without enrolling the editor.
    from training.models import Enrolment

    assert not Enrolment.objects.filter(user=admin).exists()
