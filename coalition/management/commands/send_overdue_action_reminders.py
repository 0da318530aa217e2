"""Email the owners of overdue coalition actions. Run daily from cron; each action is reminded at
most once a week, so running it more often sends nothing extra."""

from django.core.management.base import BaseCommand

from coalition.notifications import overdue_actions


class Command(BaseCommand):
    help = "Remind owners of overdue coalition actions (safe to run daily)."

    def handle(self, *args, **options):
        actions, emails = overdue_actions()
        self.stdout.write(f"Reminded owners of {actions} overdue action(s): {emails} email(s) queued.")
