"""Empty: the site-search index this migration used to create belongs to site search and is now
created by `search/migrations/0006_site_search_index.py`. Kept so that databases that applied it
keep a consistent migration history."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("research", "0001_initial"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = []
