import datetime

import icalendar
import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from coalition.models import RSVP, ActionItem, ActionStatusChange, AgendaItem, MeetingPage, OrganisationContact
from coalition.scheduling import london_datetime

from .conftest import make_user


def add_meeting(area, day, hour=10, **fields):
    page = MeetingPage(title=fields.pop("title", f"Meeting {day}"), slug=f"m-{day}",
                       start=london_datetime(day, datetime.time(hour)), **fields)
    area.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.mark.django_db
def test_meeting_times_show_in_uk_time_either_side_of_the_clock_change(client, member, member_area):
    winter = add_meeting(member_area, datetime.date(2027, 3, 2))   # first Tuesday, GMT
    summer = add_meeting(member_area, datetime.date(2027, 4, 6))   # first Tuesday, BST
    assert winter.start.astimezone(datetime.UTC).hour == 10
    assert summer.start.astimezone(datetime.UTC).hour == 9
    client.force_login(member)
    assert "Tuesday 2 March 2027, 10:00" in client.get(winter.url).content.decode()
    summer_html = client.get(summer.url).content.decode()
    assert "Tuesday 6 April 2027, 10:00" in summer_html and "(BST)" in summer_html


@pytest.mark.django_db
def test_ics_files_parse_back_with_the_right_london_times(client, member, member_area):
    winter = add_meeting(member_area, datetime.date(2027, 3, 2), joining_details="https://meet.example.org/x")
    summer = add_meeting(member_area, datetime.date(2027, 4, 6))
    client.force_login(member)
    response = client.get(reverse("coalition:meeting_ics", args=[summer.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(response.content)
    [event] = cal.walk("VEVENT")
    start = event.decoded("dtstart")
    assert str(start.tzinfo) == "Europe/London" and (start.hour, start.minute) == (10, 0)
    assert start.utcoffset() == datetime.timedelta(hours=1)
    assert event.decoded("dtend") - start == datetime.timedelta(minutes=summer.duration_minutes)
    assert cal.walk("VTIMEZONE"), "a VTIMEZONE lets every client place the time correctly"
    assert str(event["uid"]).startswith(f"coalition-meeting-{summer.pk}@")

    token = client.get(reverse("coalition:calendar")) and member.coalition_calendar.token
    client.logout()
    feed = icalendar.Calendar.from_ical(client.get(reverse("coalition:calendar_feed", args=[token])).content)
    starts = {str(e["summary"]): e.decoded("dtstart") for e in feed.walk("VEVENT")}
    assert starts[winter.title].utcoffset() == datetime.timedelta(0)
    assert starts[winter.title].hour == 10
    assert "meet.example.org/x" in str(
        [e for e in feed.walk("VEVENT") if e["summary"] == winter.title][0]["description"]
    )


@pytest.mark.django_db
def test_agenda_shows_numbers_running_times_leads_and_papers(client, member, member_area, organisation, tmp_path,
                                                             settings):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    settings.MEDIA_ROOT = str(tmp_path)
    paper = Document.objects.create(title="Funding briefing", file=ContentFile(b"paper", name="briefing.txt"))
    meeting = add_meeting(member_area, timezone.localdate() + datetime.timedelta(days=10), hour=14)
    for order, (title, sub, minutes) in enumerate([("Welcome", False, 5), ("Funding", False, 5),
                                                    ("Spending review", True, 20), ("AOB", False, 10)]):
        AgendaItem.objects.create(page=meeting, title=title, is_sub_item=sub, duration_minutes=minutes,
                                  sort_order=order, lead_organisation=organisation if sub else None,
                                  paper=paper if sub else None)
    client.force_login(member)
    html = client.get(meeting.url).content.decode()
    assert '<td data-label="Item">2.1</td>' in html and "14:10" in html and "14:30" in html
    assert "Test Member Org" in html and "Funding briefing" in html


@pytest.mark.django_db
def test_rsvp_is_recorded_changed_and_listed(client, member, meeting):
    client.force_login(member)
    client.post(reverse("coalition:rsvp", args=[meeting.pk]), {"response": "attending"})
    client.post(reverse("coalition:rsvp", args=[meeting.pk]), {"response": "apologies"})
    rsvp = RSVP.objects.get()
    assert rsvp.response == "apologies" and rsvp.organisation.name == "Test Member Org"
    html = client.get(meeting.url).content.decode()
    assert "Apologies (1)" in html and "member@example.org, Test Member Org" in html
    response = client.post(reverse("coalition:rsvp", args=[meeting.pk]), {"response": "maybe"})
    assert response.status_code == 302
    assert RSVP.objects.get().response == "apologies"


@pytest.mark.django_db
def test_my_actions_lists_own_and_organisation_actions_overdue_first(client, member, organisation, meeting):
    today = timezone.localdate()
    later = ActionItem.objects.create(meeting=meeting, description="Later one", owner_organisation=organisation,
                                      due_date=today + datetime.timedelta(days=14))
    overdue = ActionItem.objects.create(meeting=meeting, description="Late one", owner_user=member,
                                        due_date=today - datetime.timedelta(days=3))
    ActionItem.objects.create(meeting=meeting, description="Finished one", owner_user=member,
                              status=ActionItem.Status.DONE)
    ActionItem.objects.create(meeting=meeting, description="Somebody else's", due_date=today)
    client.force_login(member)
    response = client.get(reverse("coalition:my_actions"))
    assert response.context["overdue"] == [overdue]
    assert response.context["others"] == [later]
    html = response.content.decode()
    assert html.index("Late one") < html.index("Later one")
    assert "Finished one" not in html and "Somebody else" not in html


@pytest.mark.django_db
def test_status_changes_record_who_and_when(client, member, organisation, meeting):
    action = ActionItem.objects.create(meeting=meeting, description="Draft a letter", owner_organisation=organisation)
    client.force_login(member)
    client.post(reverse("coalition:action_status", args=[action.pk]), {"status": "in_progress"})
    client.post(reverse("coalition:action_status", args=[action.pk]), {"status": "done"})
    client.post(reverse("coalition:action_status", args=[action.pk]), {"status": "done"})  # no change
    client.post(reverse("coalition:action_status", args=[action.pk]), {"status": "bogus"})
    changes = list(ActionStatusChange.objects.filter(action=action))
    assert [(c.from_status, c.to_status) for c in changes] == [("open", "in_progress"), ("in_progress", "done")]
    assert all(c.changed_by == member and c.changed_at for c in changes)
    html = client.get(reverse("coalition:action_detail", args=[action.pk])).content.decode()
    assert "In progress → Done" in html


@pytest.mark.django_db
def test_publishing_a_meeting_and_its_minutes_emails_members_once(member, member_area,
                                                                   django_capture_on_commit_callbacks):
    make_user("learner2@example.org")  # not a member: gets nothing
    with django_capture_on_commit_callbacks(execute=True):
        meeting = add_meeting(member_area, timezone.localdate() + datetime.timedelta(days=30))
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["member.demo@example.org", "member@example.org"]  # members only, one email each
    assert all("New meeting" in m.subject for m in mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        meeting.save_revision().publish()  # republishing sends nothing new
    assert len(mail.outbox) == 2
    meeting.minutes = "<p>We agreed things.</p>"
    meeting.minutes_published = True
    with django_capture_on_commit_callbacks(execute=True):
        meeting.save_revision().publish()
    assert len(mail.outbox) == 4 and all("Minutes published" in m.subject for m in mail.outbox[2:])


@pytest.mark.django_db
def test_overdue_reminders_go_to_owners_at_most_weekly(member, organisation, meeting):
    colleague = make_user("colleague@example.org")
    OrganisationContact.objects.create(organisation=organisation, user=colleague)
    ActionItem.objects.create(meeting=meeting, description="Overdue work", owner_organisation=organisation,
                              due_date=timezone.localdate() - datetime.timedelta(days=2))
    ActionItem.objects.create(meeting=meeting, description="Not due yet", owner_organisation=organisation,
                              due_date=timezone.localdate() + datetime.timedelta(days=2))
    call_command("send_overdue_action_reminders", stdout=open("/dev/null", "w"))
    ours = [m for m in mail.outbox if "Overdue work" in m.body]
    assert sorted(m.to[0] for m in ours) == ["colleague@example.org", "member@example.org"]
    assert all("2 days" in m.body for m in ours)
    assert not any("Not due yet" in m.body for m in mail.outbox)
    sent = len(mail.outbox)
    call_command("send_overdue_action_reminders", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == sent  # not again the next day


def test_the_calendar_page_offers_copy_webcal_and_instructions(client, member, member_area):
    """Amira adds the meeting feed to her calendar: a webcal: link for calendar apps, a copy button
    (shown by same-origin JavaScript only), and steps for Outlook, Google and Apple calendars."""
    client.force_login(member)
    html = client.get(reverse("coalition:calendar")).content.decode()
    token = member.coalition_calendar.token
    feed_path = reverse("coalition:calendar_feed", args=[token])
    assert f'href="webcal://testserver{feed_path}"' in html
    assert f'value="http://testserver{feed_path}"' in html
    assert 'data-copy-target="feed-url"' in html and "hidden>Copy the address</button>" in html
    assert '<script src="/static/coalition/js/copy-field.js" defer></script>' in html
    for calendar in ("Outlook", "Google Calendar", "Apple Calendar"):
        assert f">{calendar}</h3>" in html
    assert "Subscribe from web" in html and "From URL" in html and "New Calendar Subscription" in html
