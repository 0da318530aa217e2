"""Write every piece of non-derived content to one archive (see portal/backup/)."""

from django.core.management.base import BaseCommand, CommandError

from portal.backup import BackupError, export_content


class Command(BaseCommand):
    help = ("Export pages, snippets, settings, users, the directory, coalition, research and training "
            "records to one zip archive that import_content restores. Derived data (search indexes, "
            "renditions, sessions, caches) is left out.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="where to write the archive (.zip)")
        parser.add_argument("--media", action="store_true",
                            help="also include the uploaded files (images, documents)")

    def handle(self, *args, **options):
        verbose = options["verbosity"] > 1
        try:
            result = export_content(
                options["file"], media=options["media"],
                progress=(lambda message: self.stdout.write(f"  {message}")) if verbose else None)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        except OSError as exc:
            raise CommandError(f"Could not write {options['file']}: {exc}") from exc
        for note in result.notes:
            self.stderr.write(f"Warning: {note}")
        rows = sum(result.counts.values())
        models = sum(1 for n in result.counts.values() if n)
        self.stdout.write(self.style.SUCCESS(
            f"Exported {rows} rows of {models} models"
            + (f" and {result.media_files} files" if options["media"] else "")
            + f" to {result.path} ({result.size:,} bytes)."))
