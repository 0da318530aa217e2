import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coalition.models import RSVP, ActionItem, AgendaItem, MemberOrganisation

from .conftest import make_user


def _meeting_queries(client, meeting) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(meeting.url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.django_db
def test_meeting_page_with_20_agenda_items_and_40_actions(client, member, meeting, organisation,
                                                          django_assert_max_num_queries):
    orgs = [MemberOrganisation.objects.create(name=f"Org {i}", org_type="other", status="member") for i in range(5)]
    owners = [make_user(f"owner{i}@example.org") for i in range(4)]

    def add_rows(first, agenda_items, actions, replies):
        for i in range(first, first + agenda_items):
            AgendaItem.objects.create(page=meeting, title=f"Item {i}", is_sub_item=i % 4 != 0, duration_minutes=5,
                                      lead_organisation=orgs[i % 5], sort_order=i)
        for i in range(first, first + actions):
            ActionItem.objects.create(meeting=meeting, description=f"Action {i}", owner_organisation=orgs[i % 5],
                                      owner_user=owners[i % 4],
                                      due_date=timezone.localdate() + datetime.timedelta(days=i))
        for user in owners[first:first + replies]:
            RSVP.objects.create(meeting=meeting, user=user, organisation=orgs[0], response="attending")

    add_rows(0, 1, 2, 1)
    client.force_login(member)
    # Warm per-process caches (site root, content types) and the cached menu; the first request
    # also creates the site's settings rows, which starts a new cache generation.
    client.get(meeting.url)
    client.get(meeting.url)
    few, _ = _meeting_queries(client, meeting)
    add_rows(1, 19, 39, 3)
    with django_assert_max_num_queries(23):
        many, html = _meeting_queries(client, meeting)
    assert many == few, "the meeting page's queries must not grow with its agenda, actions or replies"
    assert "Item 19" in html and "Action 39" in html and "Attending (4)" in html


@pytest.mark.django_db
def test_my_actions_queries_are_constant(client, member, organisation, meeting, django_assert_max_num_queries):
    for i in range(30):
        ActionItem.objects.create(meeting=meeting, description=f"Action {i}", owner_organisation=organisation,
                                  owner_user=member, due_date=timezone.localdate() + datetime.timedelta(days=i - 10))
    client.force_login(member)
    client.get("/coalition/member-area/my-actions/")  # first request creates the site settings rows
    with django_assert_max_num_queries(16):
        response = client.get("/coalition/member-area/my-actions/")
    assert len(response.context["overdue"]) == 10


@pytest.mark.django_db
def test_call_to_action_page_queries(client, coalition, django_assert_max_num_queries):
    client.get("/coalition/")  # first request creates the site settings rows
    with django_assert_max_num_queries(18):
        assert client.get("/coalition/call-to-action/", {"nocache": "1"}).status_code == 200
