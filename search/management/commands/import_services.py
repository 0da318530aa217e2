"""Import directory services from a CSV file (all or nothing; --dry-run only reports)."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from search.directory.importers import import_services


class ProgressLine:
    """One line on a terminal, redrawn in place: phase, rows, rate and time left. Silent when the
    output is not a terminal (cron, a pipe, a log file)."""

    def __init__(self, stream, enabled: bool | None = None, clock=time.monotonic):
        self.stream, self.clock = stream, clock
        self.enabled = stream.isatty() if enabled is None else enabled
        self.phase, self.started, self.width = None, clock(), 0

    def __call__(self, phase: str, rows: int, fraction: float | None) -> None:
        if not self.enabled:
            return
        now = self.clock()
        if phase != self.phase:
            self.phase, self.started = phase, now
            self.finish()
        elapsed = max(now - self.started, 1e-6)
        text = f"{phase.capitalize()}: {rows:,} rows, {rows / elapsed:,.0f} rows/s"
        if fraction:
            left = elapsed * (1 - fraction) / fraction
            text += f", {fraction:.0%} done, about {self.duration(left)} left"
        self.stream.write("\r" + text.ljust(self.width))
        self.stream.flush()
        self.width = len(text)

    @staticmethod
    def duration(seconds: float) -> str:
        seconds = round(seconds)
        return f"{seconds // 60} min {seconds % 60:02d} s" if seconds >= 60 else f"{seconds} s"

    def finish(self) -> None:
        if self.enabled and self.width:
            self.stream.write("\n")
            self.stream.flush()
            self.width = 0


class Command(BaseCommand):
    help = ("Import services from a CSV file in the portal's flattened Open Referral UK format. Every "
            "row is checked first; if any row is bad nothing is imported. Rows are matched on their "
            "ids, so importing a file again only applies what changed.")

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--dry-run", action="store_true",
                            help="Check the file and say what importing would change; write nothing.")

    def handle(self, path, dry_run=False, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"No such file: {path}")
        progress = ProgressLine(self.stdout._out)
        report = import_services(lambda: file.open("rb"), dry_run=dry_run, progress=progress,
                                 size=file.stat().st_size)
        progress.finish()
        for line in report.lines():
            self.stdout.write(line)
        if not report.ok:
            raise CommandError(f"{len(report.errors)} problem(s) found: nothing was imported.")
