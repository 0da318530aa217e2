"""Create the next monthly coalition meetings as drafts, e.g. "the first Tuesday of each month".

    manage.py schedule_coalition_meetings --weekday tue --nth 1 --time 10:00 --count 6

Meetings that already exist for a date are left alone. Drafts send no email: editors add the agenda
and publish each meeting, which tells members about it.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from coalition.models import MeetingPage, MemberAreaPage
from coalition.scheduling import ORDINALS, WEEKDAYS, describe_rule, london_datetime, monthly_dates


class Command(BaseCommand):
    help = "Create draft coalition meetings on a monthly rule (Europe/London times)."

    def add_arguments(self, parser):
        parser.add_argument("--weekday", default="tue", choices=sorted(WEEKDAYS, key=WEEKDAYS.get))
        parser.add_argument("--nth", type=int, default=1, choices=sorted(ORDINALS),
                            help="1–4, or -1 for the last such weekday of the month.")
        parser.add_argument("--time", default="10:00", help="UK wall-clock time, HH:MM.")
        parser.add_argument("--duration", type=int, default=90, help="Minutes.")
        parser.add_argument("--count", type=int, default=6)
        parser.add_argument("--from", dest="start", default="", help="First possible date, YYYY-MM-DD (default today).")

    def handle(self, *args, **options):
        try:
            at = datetime.datetime.strptime(options["time"], "%H:%M").time()
            start = (datetime.date.fromisoformat(options["start"]) if options["start"] else timezone.localdate())
        except ValueError as exc:
            raise CommandError(f"Check --time (HH:MM) and --from (YYYY-MM-DD): {exc}") from exc
        if not 1 <= options["count"] <= 24:
            raise CommandError("--count must be between 1 and 24.")
        area = MemberAreaPage.objects.first()
        if area is None:
            raise CommandError("There is no member area page to put meetings under.")
        weekday, nth = WEEKDAYS[options["weekday"]], options["nth"]
        self.stdout.write(f"Scheduling {options['count']} meetings on {describe_rule(weekday, nth)} at {at:%H:%M}.")
        created = 0
        for day in monthly_dates(start, options["count"], weekday, nth):
            slug = f"meeting-{day:%Y-%m-%d}"
            if area.get_children().filter(slug=slug).exists():
                self.stdout.write(f"  {day:%d %B %Y}: already scheduled")
                continue
            meeting = MeetingPage(title=f"Coalition meeting, {day:%B %Y}", slug=slug, live=False,
                                  start=london_datetime(day, at), duration_minutes=options["duration"])
            area.add_child(instance=meeting)
            meeting.save_revision()
            created += 1
            self.stdout.write(f"  {day:%A %d %B %Y} {at:%H:%M} UK time: draft created")
        self.stdout.write(self.style.SUCCESS(f"{created} draft meeting(s) created."))
