from django.db import migrations

from core.roles import sync_roles


def grant_moderation(apps, schema_editor):
    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0001_initial"),
        ("articles", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant_moderation, migrations.RunPython.noop)]
