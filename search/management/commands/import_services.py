"""Import directory services from a CSV file (all or nothing; --dry-run only reports)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from search.importers import import_services


class Command(BaseCommand):
    help = ("Import services from a CSV file in the portal's flattened Open Referral UK format. Every "
            "row is checked first; if any row is bad nothing is imported. Rows are matched on "
            "external_id, so importing a file again only applies what changed.")

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--dry-run", action="store_true", help="Check the file and report; write nothing.")

    def handle(self, path, dry_run=False, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"No such file: {path}")
        report = import_services(lambda: file.open("rb"), dry_run=dry_run,
                                 progress=lambda n: self.stdout.write(f"  {n} rows…"))
        for line in report.lines():
            self.stdout.write(line)
        if not report.ok:
            raise CommandError(f"{len(report.errors)} problem(s) found: nothing was imported.")
