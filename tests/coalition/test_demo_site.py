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
