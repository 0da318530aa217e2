"""iCalendar output for meetings, built with the `icalendar` package.

Times are written in Europe/London with a VTIMEZONE, so calendar clients show the right local
time on both sides of the BST/GMT changes.
"""

import datetime

import icalendar
from django.utils import timezone

from .scheduling import LONDON

PRODID = "-//Drive Partnership//Coalition meetings//EN"


def _event(meeting, url: str) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"coalition-meeting-{meeting.pk}@drivepartnership.portal")
    event.add("dtstamp", (meeting.last_published_at or timezone.now()).astimezone(datetime.UTC))
    event.add("dtstart", meeting.start.astimezone(LONDON))
    event.add("dtend", meeting.end.astimezone(LONDON))
    event.add("summary", meeting.title)
    description = [meeting.summary] if meeting.summary else []
    if meeting.joining_details:
        description.append("How to join: " + meeting.joining_details)
    if url:
        description.append("Agenda and papers: " + url)
        event.add("url", url)
    if description:
        event.add("description", "\n\n".join(description))
    return event


def calendar_for(meetings, url_for, name: str = "Coalition meetings") -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/London")
    days = []
    for meeting in meetings:
        cal.add_component(_event(meeting, url_for(meeting)))
        days.append(meeting.start.date())
    if days:
        cal.add_missing_timezones(first_date=min(days) - datetime.timedelta(days=366),
                                  last_date=max(days) + datetime.timedelta(days=366))
    return cal.to_ical()
