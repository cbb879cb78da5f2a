from django.db import migrations

from isvimed_planning.roles import ROLES
from isvimed_planning.territories import TERRITORIES


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Territory = apps.get_model("core", "Territory")
    for name in ROLES:
        Group.objects.get_or_create(name=name)
    for code, name, kind, zone in TERRITORIES:
        Territory.objects.update_or_create(code=code, defaults={"name": name, "kind": kind, "zone": zone})


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=list(ROLES)).delete()
    apps.get_model("core", "Territory").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(forwards, backwards)]
