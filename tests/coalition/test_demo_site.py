"""The coalition as part of the whole demo site."""

import pytest
from django.core.management import call_command

from coalition.models import Ask, MeetingPage, MemberOrganisation
from portal.accounts.privacy import export_user_data


@pytest.mark.django_db
def test_demo_site_has_the_coalition_and_loading_again_changes_nothing(client, demo_site, member):
    assert client.get("/coalition/").status_code == 200
    counts = (MemberOrganisation.objects.count(), Ask.objects.count(), MeetingPage.objects.count())
    call_command("load_demo_content", stdout=open("/dev/null", "w"))
    assert (MemberOrganisation.objects.count(), Ask.objects.count(), MeetingPage.objects.count()) == counts
    demo = MemberOrganisation.objects.filter(is_demo=True)
    assert demo.count() == 12 and all("example.org" in o.website for o in demo)
    html = client.get("/coalition/members/").content.decode()
    assert "Demonstration data" in html
    assert client.get("/coalition/call-to-action/").status_code == 200


@pytest.mark.django_db
def test_privacy_export_includes_coalition_records(member, organisation, meeting):
    from coalition.models import RSVP

    RSVP.objects.create(meeting=meeting, user=member, organisation=organisation, response="attending")
    data = export_user_data(member)["coalition"]
    assert data["organisations"][0]["organisation"] == "Test Member Org"
    assert data["rsvps"][0]["response"] == "Attending"


@pytest.mark.django_db
def test_demo_meetings_are_dated_from_the_day_it_is_loaded(client, coalition):
    """Amira's journey on the demo: a meeting on this month's first Tuesday, an upcoming meeting with
    members-only papers, and her organisation's action due in two weeks. Loading again adds nothing."""
    import datetime

    from django.utils import timezone
    from wagtail.documents import get_document_model

    from coalition.demo import DEMO_MEMBER_EMAIL, PAPERS_COLLECTION, load_demo
    from coalition.models import ActionItem, AgendaItem
    from coalition.scheduling import nth_weekday

    today = timezone.localdate()
    first_tuesday = nth_weekday(today.year, today.month, 1, 1)
    starts = [timezone.localtime(m.start).date() for m in MeetingPage.objects.all()]
    assert first_tuesday in starts and all(day.weekday() == 1 and day.day <= 7 for day in starts)
    mine = ActionItem.objects.get(owner_user__email=DEMO_MEMBER_EMAIL)
    assert mine.due_date == today + datetime.timedelta(days=14) and mine.status != ActionItem.Status.DONE
    assert timezone.localtime(mine.meeting.start).date() < today or mine.meeting.start < timezone.now()
    with_papers = AgendaItem.objects.filter(paper__isnull=False).select_related("page", "paper__collection")
    assert with_papers.exists() and all(item.page.start > timezone.now() for item in with_papers)
    assert {item.paper.collection.name for item in with_papers} == {PAPERS_COLLECTION}
    assert with_papers.first().paper.collection.get_view_restrictions().exists()  # members only
    assert client.get(with_papers.first().paper.url).status_code in (302, 403, 404)  # not for the public

    counts = (MeetingPage.objects.count(), ActionItem.objects.count(), get_document_model().objects.count(),
              AgendaItem.objects.count())
    from wagtail.models import Site

    load_demo({"home": Site.objects.get(is_default_site=True).root_page}, stdout=None)
    assert (MeetingPage.objects.count(), ActionItem.objects.count(), get_document_model().objects.count(),
            AgendaItem.objects.count()) == counts
