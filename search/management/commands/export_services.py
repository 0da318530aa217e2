"""Export directory services as CSV (spreadsheet safe; confidential locations show the town only)."""

import sys

from django.core.management.base import BaseCommand

from search.directory.importers import export_csv_lines


class Command(BaseCommand):
    help = ("Write every directory service as CSV, one row per service and location, to a file or standard "
            "output. Importing the file again changes nothing.")

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="File to write (default: standard output).")

    def handle(self, output=None, **options):
        out = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
        count = -1
        try:
            for line in export_csv_lines():
                out.write(line)
                count += 1
        finally:
            if output:
                out.close()
        if output:
            self.stdout.write(f"Exported {count} rows to {output}")
