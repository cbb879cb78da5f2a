"""monitoring.ApprovedReportsStamp and the triggers that bump it whenever a report that is or was
approved is inserted, updated or deleted (PostgreSQL: once per statement; SQLite: once per row)."""

from django.db import migrations, models

STAMP = "monitoring_approvedreportsstamp"
REPORT = "monitoring_progressreport"
BUMP = (
    f"INSERT INTO {STAMP} (id, changes) VALUES (1, 1) "
    f"ON CONFLICT (id) DO UPDATE SET changes = {STAMP}.changes + 1"
)
# (event, transition tables, rows that were or are approved)
POSTGRES_EVENTS = [
    ("insert", "NEW TABLE AS new_rows", "SELECT 1 FROM new_rows WHERE state = 'approved'"),
    ("update", "OLD TABLE AS old_rows NEW TABLE AS new_rows",
     "SELECT 1 FROM old_rows WHERE state = 'approved' UNION ALL SELECT 1 FROM new_rows WHERE state = 'approved'"),
    ("delete", "OLD TABLE AS old_rows", "SELECT 1 FROM old_rows WHERE state = 'approved'"),
]
SQLITE_EVENTS = [
    ("insert", "NEW.state = 'approved'"),
    ("update", "OLD.state = 'approved' OR NEW.state = 'approved'"),
    ("delete", "OLD.state = 'approved'"),
]


def create_triggers(apps, schema_editor):
    execute = schema_editor.execute
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for event, tables, approved in POSTGRES_EVENTS:
            # One function per event: each reads only the transition tables its trigger has.
            execute(
                f"CREATE FUNCTION monitoring_stamp_{event}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN IF EXISTS ({approved}) THEN {BUMP}; END IF; RETURN NULL; END $$"
            )
            execute(
                f"CREATE TRIGGER monitoring_report_stamp_{event} AFTER {event.upper()} ON {REPORT} "
                f"REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION monitoring_stamp_{event}()"
            )
    elif vendor == "sqlite":
        for event, approved in SQLITE_EVENTS:
            execute(
                f"CREATE TRIGGER monitoring_report_stamp_{event} AFTER {event.upper()} ON {REPORT} "
                f"WHEN {approved} BEGIN {BUMP}; END"
            )
    else:  # a database without these triggers would serve stale figures: refuse it loudly
        raise RuntimeError(f"monitoring 0015: no triggers written for the {vendor} database")


def drop_triggers(apps, schema_editor):
    execute = schema_editor.execute
    for event, *_ in SQLITE_EVENTS:
        execute(f"DROP TRIGGER IF EXISTS monitoring_report_stamp_{event}" + (
            f" ON {REPORT}" if schema_editor.connection.vendor == "postgresql" else ""
        ))
        if schema_editor.connection.vendor == "postgresql":
            execute(f"DROP FUNCTION IF EXISTS monitoring_stamp_{event}()")


class Migration(migrations.Migration):

    dependencies = [
        ('monitoring', '0014_indicator_month_totals'),
    ]

    operations = [
        migrations.CreateModel(
            name='ApprovedReportsStamp',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('changes', models.PositiveBigIntegerField(default=0, verbose_name='cambios de los reportes aprobados')),
            ],
            options={
                'verbose_name': 'marca de los reportes aprobados',
                'verbose_name_plural': 'marcas de los reportes aprobados',
                'constraints': [models.CheckConstraint(condition=models.Q(('id', 1)), name='approved_reports_stamp_single_row')],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
