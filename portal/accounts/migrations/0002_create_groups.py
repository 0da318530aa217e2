"""Create the portal's roles as groups.

What each group may do (admin access, page, image and document permissions) is granted by
`portal.accounts.roles.grant_role_permissions`, run after every migrate, because permissions and
the page tree do not exist yet while migrations run on an empty database.
"""

from django.db import migrations

GROUPS = ("Editors", "Moderators", "Coalition members", "Learners")


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in GROUPS:
        Group.objects.get_or_create(name=name)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(create_groups, remove_groups)]
