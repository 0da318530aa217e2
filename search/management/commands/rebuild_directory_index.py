"""Rebuild the directory's Elasticsearch index behind its alias, with no downtime."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = ("Create a new Elasticsearch index of every directory service, then swap the alias to it "
            "and delete the old index. Searches keep working throughout.")

    def handle(self, *args, **options):
        if not settings.ELASTICSEARCH_URL:
            raise CommandError("ELASTICSEARCH_URL is not set: the directory is searched in the database, "
                               "which needs no index.")
        from search.directory.backends import elasticsearch as es_backend

        try:
            name, count = es_backend.rebuild_index(stdout=self.stdout)
        except KeyboardInterrupt:
            raise CommandError("Interrupted: the alias still points at the previous index.") from None
        except Exception as exc:  # noqa: BLE001
            raise CommandError(f"Could not rebuild the index: {exc}") from exc
        self.stdout.write(self.style.SUCCESS(
            f"Indexed {count} services into {name}; {es_backend.alias_name()} now points at it."))
