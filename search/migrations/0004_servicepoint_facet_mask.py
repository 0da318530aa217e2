"""Search points carry their facet tokens as a bit mask, and a covering index for radius searches.

On SQLite the index holds every column a radius search reads (including the stemmed text), so a
bounding-box search reads one contiguous range of the index and never the table. PostgreSQL
gets the same without the text, which could exceed a B-tree entry; its keyword search uses the
GIN-indexed ``search_service.search_vector``.
"""

from django.db import migrations, models

from search.directory.facet_bits import mask_of

SQLITE_INDEX = ("CREATE INDEX IF NOT EXISTS search_point_box ON search_servicepoint "
                "(latitude, longitude, status, is_national, service_id, facet_mask, search_text)")
POSTGRES_INDEX = ("CREATE INDEX IF NOT EXISTS search_point_box ON search_servicepoint "
                  "(latitude, longitude) INCLUDE (status, is_national, service_id, facet_mask)")


def fill_masks(apps, schema_editor):
    ServicePoint = apps.get_model("search", "ServicePoint")
    batch = []
    for point in ServicePoint.objects.only("id", "facet_tokens").iterator(chunk_size=2000):
        point.facet_mask = mask_of(point.facet_tokens)
        batch.append(point)
        if len(batch) >= 2000:
            ServicePoint.objects.bulk_update(batch, ["facet_mask"])
            batch = []
    if batch:
        ServicePoint.objects.bulk_update(batch, ["facet_mask"])


def covering_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_INDEX)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_INDEX)


def drop_covering_index(apps, schema_editor):
    if schema_editor.connection.vendor in ("sqlite", "postgresql"):
        schema_editor.execute("DROP INDEX IF EXISTS search_point_box")


class Migration(migrations.Migration):
    dependencies = [("search", "0003_service_points")]

    operations = [
        migrations.AddField(model_name="servicepoint", name="facet_mask", field=models.BigIntegerField(default=0)),
        migrations.RunPython(fill_masks, migrations.RunPython.noop),
        migrations.RunPython(covering_index, drop_covering_index),
    ]
