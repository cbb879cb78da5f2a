"""The monthly report's free narrative becomes three texts: logros, dificultades, acciones de mejora.

The old text goes to `achievements` (logros), in the reports and in their history, so nothing
typed before is lost; the other two start empty.
"""

from django.db import migrations, models


def narrative_to_achievements(apps, schema_editor):
    for name in ("ProgressReport", "HistoricalProgressReport"):
        model = apps.get_model("monitoring", name)
        model.objects.exclude(narrative="").update(achievements=models.F("narrative"))


def achievements_to_narrative(apps, schema_editor):
    for name in ("ProgressReport", "HistoricalProgressReport"):
        model = apps.get_model("monitoring", name)
        model.objects.exclude(achievements="").update(narrative=models.F("achievements"))


class Migration(migrations.Migration):

    dependencies = [
        ('monitoring', '0005_transition_record_shared_base'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalprogressreport',
            name='achievements',
            field=models.TextField(blank=True, verbose_name='logros'),
        ),
        migrations.AddField(
            model_name='historicalprogressreport',
            name='difficulties',
            field=models.TextField(blank=True, verbose_name='dificultades'),
        ),
        migrations.AddField(
            model_name='historicalprogressreport',
            name='improvement_actions',
            field=models.TextField(blank=True, verbose_name='acciones de mejora'),
        ),
        migrations.AddField(
            model_name='progressreport',
            name='achievements',
            field=models.TextField(blank=True, verbose_name='logros'),
        ),
        migrations.AddField(
            model_name='progressreport',
            name='difficulties',
            field=models.TextField(blank=True, verbose_name='dificultades'),
        ),
        migrations.AddField(
            model_name='progressreport',
            name='improvement_actions',
            field=models.TextField(blank=True, verbose_name='acciones de mejora'),
        ),
        migrations.RunPython(narrative_to_achievements, achievements_to_narrative),
        migrations.RemoveField(
            model_name='historicalprogressreport',
            name='narrative',
        ),
        migrations.RemoveField(
            model_name='progressreport',
            name='narrative',
        ),
    ]
