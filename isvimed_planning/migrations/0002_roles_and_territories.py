from django.db import migrations

from isvimed_planning.reference import ensure_reference_data
from isvimed_planning.roles import ROLES


def forwards(apps, schema_editor):
    ensure_reference_data(apps.get_model("auth", "Group"), apps.get_model("core", "Territory"))


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=list(ROLES)).delete()
    apps.get_model("core", "Territory").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(forwards, backwards)]
