"""PostgreSQL: a GIN index on the full-text column. Everywhere: the portal's taxonomies."""

import uuid

from django.db import migrations

TAXONOMIES = {
    "Drive Partnership service types": [
        ("drive", "Drive high-harm case management"),
        ("behaviour-change-group", "Behaviour-change programme (group)"),
        ("behaviour-change-121", "Behaviour-change programme (one-to-one)"),
        ("early-intervention", "Early intervention"),
        ("young-people", "Young people who harm"),
        ("helpline", "Helpline or webchat"),
        ("idva", "Linked victim-survivor support (Idva)"),
        ("housing", "Housing support for perpetrators"),
        ("other", "Other"),
    ],
    "Drive Partnership referral routes": [
        ("self", "Self-referral"),
        ("professional", "Professional referral"),
        ("panel", "Marac, MATAC or DAPP panel only"),
    ],
    "Drive Partnership risk levels": [
        ("standard", "Standard risk"), ("medium", "Medium risk"), ("high", "High risk"),
    ],
}


def gin_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS search_service_vector_gin ON search_service USING gin (search_vector)")


def drop_gin_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_service_vector_gin")


def seed_taxonomies(apps, schema_editor):
    Taxonomy = apps.get_model("search", "Taxonomy")
    TaxonomyTerm = apps.get_model("search", "TaxonomyTerm")
    for name, terms in TAXONOMIES.items():
        taxonomy, _ = Taxonomy.objects.get_or_create(
            name=name, defaults={"id": uuid.uuid4(), "version": "1",
                                 "description": f"{name} used by the Drive Partnership directory."})
        for code, label in terms:
            TaxonomyTerm.objects.get_or_create(taxonomy=taxonomy, code=code,
                                               defaults={"id": uuid.uuid4(), "name": label})


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(gin_index, drop_gin_index),
        migrations.RunPython(seed_taxonomies, migrations.RunPython.noop),
    ]
