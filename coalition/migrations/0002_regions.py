from django.db import migrations

REGIONS = [
    ("uk-wide", "UK-wide"),
    ("north-east", "North East"),
    ("north-west", "North West"),
    ("yorkshire-humber", "Yorkshire and the Humber"),
    ("east-midlands", "East Midlands"),
    ("west-midlands", "West Midlands"),
    ("east-of-england", "East of England"),
    ("london", "London"),
    ("south-east", "South East"),
    ("south-west", "South West"),
    ("wales", "Wales"),
    ("scotland", "Scotland"),
    ("northern-ireland", "Northern Ireland"),
]


def add_regions(apps, schema_editor):
    Region = apps.get_model("coalition", "Region")
    for order, (code, name) in enumerate(REGIONS):
        Region.objects.update_or_create(code=code, defaults={"name": name, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("coalition", "0001_initial")]
    operations = [migrations.RunPython(add_regions, migrations.RunPython.noop)]
