"""Who sees what: public, signed-in non-member, member, moderator and editor, on every view."""

import pytest
from django.urls import reverse

from coalition.models import RSVP, ActionItem, CalendarToken, MeetingPage, MemberOrganisation

SECRET = "secret-room"
ROLES = ("public", "non_member", "member", "moderator", "editor")


@pytest.fixture
def people(member, non_member, moderator, editor):
    return {"public": None, "non_member": non_member, "member": member, "moderator": moderator, "editor": editor}


@pytest.fixture
def action(meeting, organisation):
    return ActionItem.objects.create(meeting=meeting, description="Write the briefing", owner_organisation=organisation)


def member_urls(meeting, action, member_area):
    return [
        member_area.url,
        meeting.url,
        reverse("coalition:my_actions"),
        reverse("coalition:action_detail", args=[action.pk]),
        reverse("coalition:meeting_ics", args=[meeting.pk]),
        reverse("coalition:calendar"),
        reverse("coalition:endorsements"),
    ]


def as_role(client, people, role):
    client.logout()
    if people[role] is not None:
        client.force_login(people[role])


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_member_pages_and_views(client, people, role, meeting, action, member_area):
    as_role(client, people, role)
    for url in member_urls(meeting, action, member_area):
        response = client.get(url)
        if role == "public":
            assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url
        elif role == "non_member":
            assert response.status_code == 404, url
        else:
            assert response.status_code == 200, (url, response.status_code)
        if role in ("public", "non_member"):
            assert SECRET.encode() not in response.content
            assert b"Write the briefing" not in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_attendance_history_is_for_staff(client, people, role, meeting):
    as_role(client, people, role)
    response = client.get(reverse("coalition:attendance"))
    expected = {"public": 302, "non_member": 404, "member": 404, "moderator": 200, "editor": 200}[role]
    assert response.status_code == expected


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_member_actions_refused_to_outsiders(client, people, role, meeting, action):
    as_role(client, people, role)
    rsvp = client.post(reverse("coalition:rsvp", args=[meeting.pk]), {"response": "attending"})
    status = client.post(reverse("coalition:action_status", args=[action.pk]), {"status": "done"})
    action.refresh_from_db()
    if role in ("public", "non_member"):
        assert rsvp.status_code in (302, 404) and status.status_code in (302, 404)
        assert not RSVP.objects.exists()
        assert action.status == ActionItem.Status.OPEN
    else:
        assert RSVP.objects.filter(user=people[role]).exists()
        assert action.status == ActionItem.Status.DONE


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_public_coalition_views_are_open_to_everyone(client, people, role, coalition):
    as_role(client, people, role)
    for url in ("/coalition/", "/coalition/call-to-action/", "/coalition/members/", "/coalition/join/",
                reverse("coalition:asks_csv"), reverse("coalition:cta_json")):
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_the_calendar_feed_only_answers_a_current_members_token(client, member, non_member, meeting, organisation):
    token = CalendarToken.objects.create(user=member).token
    url = reverse("coalition:calendar_feed", args=[token])
    response = client.get(url)  # calendar clients send no cookies
    assert response.status_code == 200 and b"Test coalition meeting" in response.content
    assert client.get(reverse("coalition:calendar_feed", args=["guess"])).status_code == 404
    outsider = CalendarToken.objects.create(user=non_member).token
    assert client.get(reverse("coalition:calendar_feed", args=[outsider])).status_code == 404
    organisation.status = MemberOrganisation.Status.WITHDRAWN
    organisation.save()  # its contacts leave the coalition, and their feeds stop
    member.refresh_from_db()
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_resetting_the_feed_token_breaks_the_old_address(client, member, meeting):
    client.force_login(member)
    client.get(reverse("coalition:calendar"))
    old = CalendarToken.objects.get(user=member).token
    client.post(reverse("coalition:calendar"))
    new = CalendarToken.objects.get(user=member).token
    assert new != old and len(new) >= 40
    assert client.get(reverse("coalition:calendar_feed", args=[old])).status_code == 404
    assert client.get(reverse("coalition:calendar_feed", args=[new])).status_code == 200
    assert new.encode() in client.get(reverse("coalition:calendar")).content


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_site_search_and_sitemap_never_list_member_pages(client, people, role, meeting, member_area):
    as_role(client, people, role)
    results = client.get("/search/", {"q": "Test coalition meeting"})
    assert results.status_code == 200
    assert meeting.url.encode() not in results.content
    assert member_area.url.encode() not in client.get("/sitemap.xml").content
    for page_type in (MeetingPage, type(member_area)):
        assert page_type.search_exclude is True


@pytest.mark.django_db
def test_a_member_cannot_change_another_organisations_action(client, member, meeting):
    other = MemberOrganisation.objects.create(name="Other org", org_type="police", status="member")
    action = ActionItem.objects.create(meeting=meeting, description="Theirs", owner_organisation=other)
    client.force_login(member)
    assert client.post(reverse("coalition:action_status", args=[action.pk]), {"status": "done"}).status_code == 404
    action.refresh_from_db()
    assert action.status == ActionItem.Status.OPEN


@pytest.mark.django_db
def test_group_membership_is_read_once_per_request(member, non_member, django_assert_num_queries):
    from django.contrib.auth import get_user_model
    from django.utils.functional import SimpleLazyObject

    from coalition.permissions import can_view_member_area, is_member, is_staff_user

    user = SimpleLazyObject(lambda: get_user_model().objects.get(pk=member.pk))  # as request.user is
    assert user.is_authenticated
    with django_assert_num_queries(1):
        assert can_view_member_area(user) and is_member(user) and not is_staff_user(user)
    with django_assert_num_queries(0):  # Wagtail's group view restrictions read the same list
        assert [g.name for g in user.groups.all()] == ["Coalition members"]
    outsider = get_user_model().objects.get(pk=non_member.pk)
    assert not can_view_member_area(outsider)


def _shape(response, path):
    """A response with the requested address taken out: what tells one address from another."""
    body = response.content.decode().replace(path, "PATH")
    location = response.get("Location", "").replace(path.replace("/", "%2F"), "PATH").replace(path, "PATH")
    return response.status_code, location, body


@pytest.fixture
def draft_meeting(member_area):
    import datetime

    from django.utils import timezone

    page = MeetingPage(title="Draft meeting", slug="draft-meeting", live=False,
                       start=timezone.now() + datetime.timedelta(days=40))
    member_area.add_child(instance=page)
    return page


@pytest.mark.django_db
@pytest.mark.parametrize("role", ("public", "non_member"))
def test_outsiders_get_one_answer_whether_or_not_a_page_exists(client, people, role, meeting, action, member_area,
                                                               draft_meeting):
    as_role(client, people, role)
    existing = [meeting.url, member_area.url, draft_meeting.url, reverse("coalition:action_detail", args=[action.pk])]
    missing = [member_area.url + "meeting-2031-01-07/", member_area.url + "no/such/page/",
               reverse("coalition:action_detail", args=[action.pk + 1000]), member_area.url + "actions/abc/"]
    shapes = {_shape(client.get(path), path) for path in existing + missing}
    assert len(shapes) == 1, shapes
    status, location, body = shapes.pop()
    if role == "public":
        assert status == 302 and location == "/accounts/login/?next=PATH"
    else:
        assert status == 404
    assert "meeting" not in body.lower()


@pytest.mark.django_db
def test_unpublished_meetings_and_their_actions_are_hidden_from_members_until_published(client, member, moderator,
                                                                                        organisation, draft_meeting):
    action = ActionItem.objects.create(meeting=draft_meeting, description="Prepare the draft plan",
                                       owner_organisation=organisation)
    detail = reverse("coalition:action_detail", args=[action.pk])
    for person in (member, moderator):
        client.force_login(person)
        assert client.get(draft_meeting.url).status_code == 404
        assert client.get(detail).status_code == 404
        assert b"Prepare the draft plan" not in client.get(reverse("coalition:my_actions")).content
        assert client.post(reverse("coalition:action_status", args=[action.pk]), {"status": "done"}).status_code == 404
    action.refresh_from_db()
    assert action.status == ActionItem.Status.OPEN

    draft_meeting.save_revision().publish()
    client.force_login(member)
    assert client.get(draft_meeting.url).status_code == 200
    assert b"Prepare the draft plan" in client.get(detail).content
    assert b"Prepare the draft plan" in client.get(reverse("coalition:my_actions")).content
