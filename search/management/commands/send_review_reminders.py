"""Email providers whose listings are due for their yearly review."""

from django.core.management.base import BaseCommand

from search.directory.moderation import send_review_reminders


class Command(BaseCommand):
    help = ("Email the providers of listings whose 12-month review falls due within 30 days (once per "
            "review period). Run daily from cron.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List who would be emailed; send nothing.")

    def handle(self, dry_run=False, **options):
        sent = send_review_reminders(dry_run=dry_run)
        for name, recipients in sent:
            self.stdout.write(f"{'Would remind' if dry_run else 'Reminded'} {', '.join(recipients)} about {name}")
        self.stdout.write(f"{len(sent)} listing(s) {'due' if dry_run else 'reminded'}.")
