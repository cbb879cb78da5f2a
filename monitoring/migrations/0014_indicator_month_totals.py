"""monitoring.IndicatorMonthTotal (monitoring.totals), filled from the approved reports already there."""

import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    # The same INSERT … SELECT as monitoring.totals.recompute_all, on the historical tables.
    total = apps.get_model("monitoring", "IndicatorMonthTotal")._meta.db_table
    progress = apps.get_model("monitoring", "ProductProgress")._meta.db_table
    report = apps.get_model("monitoring", "ProgressReport")._meta.db_table
    product = apps.get_model("projects", "Product")._meta.db_table
    schema_editor.execute(
        f"INSERT INTO {total} (indicator_id, year, month, quantity) "
        f"SELECT p.indicator_id, r.year, r.month, SUM(pp.quantity) FROM {progress} pp "
        f"JOIN {report} r ON r.id = pp.report_id JOIN {product} p ON p.id = pp.product_id "
        f"WHERE r.state = 'approved' GROUP BY p.indicator_id, r.year, r.month"
    )


class Migration(migrations.Migration):

    dependencies = [
        ('monitoring', '0013_evidence_is_public'),
        ('strategy', '0004_dnp_codes_and_catalogue'),
        ('projects', '0010_project_comments'),
    ]

    operations = [
        migrations.CreateModel(
            name='IndicatorMonthTotal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='año')),
                ('month', models.PositiveSmallIntegerField(verbose_name='mes')),
                ('quantity', models.DecimalField(decimal_places=4, max_digits=15, verbose_name='cantidad del mes')),
                ('indicator', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='strategy.indicator')),
            ],
            options={
                'verbose_name': 'total mensual de un indicador',
                'verbose_name_plural': 'totales mensuales de los indicadores',
                'ordering': ['indicator', 'year', 'month'],
                'indexes': [models.Index(fields=['year', 'month'], name='monitoring__year_99fd5e_idx')],
                'constraints': [models.UniqueConstraint(fields=('indicator', 'year', 'month'), name='indicator_month_total_unique'), models.CheckConstraint(condition=models.Q(('month__gte', 1), ('month__lte', 12)), name='indicator_month_total_month_range')],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
