"""A GIN index on `title || body` of the database search index, PostgreSQL only.

Wagtail's PostgreSQL search (modelsearch) matches `(title || body) @@ query`; its model documents
this expression index but no migration creates it, so every search computed the concatenation for
every index entry. Site search (`search.site_search_ranking.run_postgres`) uses the same expression,
so the match becomes a bitmap index scan, and ANALYZE gathers statistics for the expression.
"""

from django.db import migrations

INDEX_NAME = "search_indexentry_title_body_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON {schema_editor.quote_name(table)} USING gin ((title || body))"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")


class Migration(migrations.Migration):
    dependencies = [
        ("research", "0001_initial"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
