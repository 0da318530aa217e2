"""Restore an archive made by export_content into an empty, migrated database."""

from django.core.management.base import BaseCommand, CommandError

from portal.backup import BackupError, import_content


class Command(BaseCommand):
    help = ("Restore an export_content archive in one transaction, then rebuild derived data (search "
            "indexes, reference index, directory search helpers). Refuses a database that already "
            "has content unless --force, which replaces everything but content types and permissions.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="the archive written by export_content")
        parser.add_argument("--force", action="store_true",
                            help="replace the content of a database that is not empty")
        parser.add_argument("--no-media", dest="media", action="store_false",
                            help="do not copy the archive's uploaded files into media storage")

    def handle(self, *args, **options):
        verbose = options["verbosity"] > 1
        try:
            result = import_content(
                options["file"], force=options["force"], media=options["media"],
                progress=(lambda message: self.stdout.write(f"  {message}")) if verbose else None)
        except BackupError as exc:
            raise CommandError(f"{exc} Nothing was changed.") from exc
        if options["verbosity"] > 0:
            width = max((len(label) for label in result.counts), default=0)
            for label, count in result.counts.items():
                if count:
                    self.stdout.write(f"  {label:<{width}}  {count:>7}")
        for note in result.notes:
            self.stderr.write(f"Note: {note}")
        rows = sum(result.counts.values())
        rebuilt = not any("failed" in note for note in result.notes)
        self.stdout.write(self.style.SUCCESS(
            f"Restored {rows} rows of {sum(1 for n in result.counts.values() if n)} models"
            + (f" and {result.media_files} files" if result.media_files else "")
            + f" from {result.path}; "
            + ("search indexes and derived data rebuilt." if rebuilt else "see the notes above.")))
