from django.db import migrations

AUDIENCES = [
    ("gp", "GP"),
    ("childrens_social_care", "Children's social care"),
    ("police", "Police"),
    ("probation", "Probation"),
    ("housing", "Housing"),
    ("health", "Health"),
    ("voluntary_sector", "Voluntary sector"),
]


def add_audiences(apps, schema_editor):
    Audience = apps.get_model("training", "Audience")
    for order, (slug, name) in enumerate(AUDIENCES):
        Audience.objects.get_or_create(slug=slug, defaults={"name": name, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial")]

    operations = [migrations.RunPython(add_audiences, migrations.RunPython.noop)]
