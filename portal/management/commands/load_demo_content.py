"""Build the demo site from the published facts. Safe to run again: existing content is kept."""

from django.core.management.base import BaseCommand
from django.db import transaction

from portal.demo.content import build_pages
from portal.demo.registry import run_app_loaders
from portal.demo.site_setup import configure_site, ensure_demo_editor


class Command(BaseCommand):
    help = "Load the portal's demo content (idempotent)."

    def handle(self, *args, **options):
        with transaction.atomic():
            self.stdout.write("Building pages …")
            pages = build_pages()
            configure_site(pages)
            for name, summary in run_app_loaders(pages, self.stdout):
                self.stdout.write(f"  {name}: {summary}")
            email, password, created = ensure_demo_editor()
        self.stdout.write(self.style.SUCCESS(f"Demo content ready: {len(pages)} core pages."))
        self.stdout.write(
            f"Demo editor ({'created' if created else 'already present'}): {email} / {password}\n"
            "  Sign in at http://127.0.0.1:8000/admin/ — you will be asked to set up an authenticator app (MFA)."
        )
