"""The ANS of the procedure P-GE-01 (DOMAIN.md), so the administrator finds them to edit."""
from decimal import Decimal

from django.db import migrations

DEFAULTS = [
    ("strategy", 7, "months"),
    ("project", 1, "months"),
    ("budget", 4, "months"),
    ("action_plan", 4, "months"),
    ("action_plan_legal", 0, "object"),
    ("monitoring", 3, "months"),
    ("accountability_report", 1, "months"),
    ("information_request", 0, "object"),
    ("council_commitment", 0, "object"),
]


def forwards(apps, schema_editor):
    AnsPolicy = apps.get_model("deadlines", "AnsPolicy")
    CycleSettings = apps.get_model("deadlines", "CycleSettings")
    for step, duration, unit in DEFAULTS:
        AnsPolicy.objects.get_or_create(
            step=step, defaults={"duration": duration, "unit": unit, "at_risk_share": Decimal("0.20")}
        )
    CycleSettings.objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
