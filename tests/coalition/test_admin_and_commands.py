import datetime
import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from coalition.models import ActionItem, ActionStatusChange, CallToActionPage, MeetingPage, MemberAreaPage
from coalition.models.pages import CoalitionIndexPage, MemberDirectoryPage


@pytest.mark.django_db
def test_editors_add_actions_in_the_admin_and_owners_are_told(client, editor, member, organisation, meeting):
    client.force_login(editor)
    url = reverse("wagtailsnippets_coalition_actionitem:add")
    response = client.post(url, {
        "meeting": meeting.pk, "description": "Send the funding briefing", "owner_organisation": organisation.pk,
        "owner_user": "", "due_date": (timezone.localdate() + datetime.timedelta(days=14)).isoformat(),
        "status": "open",
    })
    assert response.status_code == 302, (
        [(m.message) for m in response.context["messages"]] if response.context else response
    )
    action = ActionItem.objects.get(description="Send the funding briefing")
    assert [m.to for m in mail.outbox] == [["member@example.org"]]
    assert "Send the funding briefing" in mail.outbox[0].body

    edit = reverse("wagtailsnippets_coalition_actionitem:edit", args=[action.pk])
    client.post(edit, {"meeting": meeting.pk, "description": action.description,
                       "owner_organisation": organisation.pk, "owner_user": "",
                       "due_date": action.due_date.isoformat(), "status": "done"})
    change = ActionStatusChange.objects.get(action=action)
    assert (change.from_status, change.to_status, change.changed_by) == ("open", "done", editor)
    assert len(mail.outbox) == 1  # same owner: no second email


@pytest.mark.django_db
def test_members_cannot_reach_the_coalition_admin(client, member, non_member):
    for user in (member, non_member):
        client.force_login(user)
        response = client.get(reverse("wagtailsnippets_coalition_actionitem:list"))
        assert response.status_code in (302, 403)


@pytest.mark.django_db
def test_scheduling_helper_creates_drafts_on_the_first_tuesday(member_area):
    out = io.StringIO()
    call_command("schedule_coalition_meetings", "--from", "2027-02-10", "--count", "3", "--time", "10:00",
                 stdout=out)
    drafts = list(MeetingPage.objects.filter(start__date__gte=datetime.date(2027, 2, 10)).order_by("start"))
    assert [m.start.date() for m in drafts] == [datetime.date(2027, 3, 2), datetime.date(2027, 4, 6),
                                                 datetime.date(2027, 5, 4)]
    assert [timezone.localtime(m.start).hour for m in drafts] == [10, 10, 10]  # 10:00 GMT, then BST
    assert not any(m.live for m in drafts)
    assert "the first Tuesday of each month" in out.getvalue()
    call_command("schedule_coalition_meetings", "--from", "2027-02-10", "--count", "3", stdout=io.StringIO())
    assert MeetingPage.objects.filter(start__date__gte=datetime.date(2027, 2, 10)).count() == 3
    with pytest.raises(CommandError):
        call_command("schedule_coalition_meetings", "--time", "25:99", stdout=io.StringIO())


@pytest.mark.django_db
def test_page_types_sit_where_they_belong(coalition):
    assert MeetingPage.parent_page_types == ["coalition.MemberAreaPage"]
    assert MemberAreaPage.subpage_types == ["coalition.MeetingPage"]
    assert CallToActionPage.parent_page_types == ["coalition.CoalitionIndexPage"]
    assert CoalitionIndexPage.parent_page_types == ["portal.HomePage"]
    assert MemberDirectoryPage.max_count == 1
    area = MemberAreaPage.objects.get()
    restriction = area.get_view_restrictions().get()
    assert set(restriction.groups.values_list("name", flat=True)) == {"Coalition members", "Editors", "Moderators"}


@pytest.mark.django_db
def test_member_papers_collection_is_restricted(coalition):
    from wagtail.models import Collection, CollectionViewRestriction

    collection = Collection.objects.get(name="Coalition papers (members only)")
    restriction = CollectionViewRestriction.objects.get(collection=collection)
    assert restriction.restriction_type == CollectionViewRestriction.GROUPS
    assert "Coalition members" in restriction.groups.values_list("name", flat=True)


@pytest.mark.django_db
def test_an_action_on_an_unpublished_meeting_is_emailed_only_when_the_meeting_is_published(
        client, editor, member, organisation, member_area, django_capture_on_commit_callbacks):
    draft = MeetingPage(title="Draft planning meeting", slug="draft-planning",
                        start=timezone.now() + datetime.timedelta(days=30), live=False)
    member_area.add_child(instance=draft)
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("wagtailsnippets_coalition_actionitem:add"), {
            "meeting": draft.pk, "description": "Draft the housing ask", "owner_organisation": organisation.pk,
            "owner_user": "", "due_date": "", "status": "open",
        })
    assert response.status_code == 302
    assert mail.outbox == []  # the owners would be sent to a meeting they cannot see

    client.force_login(member)
    listed = client.get(reverse("coalition:my_actions")).context["others"]
    assert [a.description for a in listed] == []

    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()
    assigned = [m for m in mail.outbox if "assigned to you" in m.subject]
    assert [m.to for m in assigned] == [["member@example.org"]]
    assert "Draft the housing ask" in assigned[0].body
    listed = client.get(reverse("coalition:my_actions")).context["others"]
    assert [a.description for a in listed] == ["Draft the housing ask"]

    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()  # republishing does not tell them again
    assert len([m for m in mail.outbox if "assigned to you" in m.subject]) == 1
