"""A GIN index on `title || body` of the database search index, PostgreSQL only (site search's).

Wagtail's PostgreSQL search (modelsearch) matches `(title || body) @@ query`; its model documents
this expression index but no migration creates it, so every search computed the concatenation for
every index entry. Site search (`search.site.ranking.run_postgres`) uses the same expression,
so the match becomes a bitmap index scan, and ANALYZE gathers statistics for the expression.

It was first created by research's migration 0002 (now empty): on a database that has it already,
`IF NOT EXISTS` leaves it as it is.
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
        ("search", "0005_confidential_town_only"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
