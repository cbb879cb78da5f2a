"""monitoring.ApprovedReportChange: the triggers of 0015 also write which projects' approved
reports changed at each bump of the stamp (the dashboard's figures then recompute only those)."""

from importlib import import_module

from django.db import migrations, models

stamp_0015 = import_module("monitoring.migrations.0015_approved_reports_stamp")
STAMP, REPORT, BUMP = stamp_0015.STAMP, stamp_0015.REPORT, stamp_0015.BUMP
LOG = "monitoring_approvedreportchange"


def _log(projects: str) -> str:
    # The stamp's new value: its row stays locked by this transaction until it commits.
    return f"INSERT INTO {LOG} (seq, project_id) SELECT s.changes, p.id FROM {STAMP} s, ({projects}) p WHERE s.id = 1"


# (event, rows that were or are approved, their projects)
POSTGRES_EVENTS = [
    ("insert", "SELECT 1 FROM new_rows WHERE state = 'approved'",
     "SELECT DISTINCT project_id AS id FROM new_rows WHERE state = 'approved'"),
    ("update",
     "SELECT 1 FROM old_rows WHERE state = 'approved' UNION ALL SELECT 1 FROM new_rows WHERE state = 'approved'",
     "SELECT project_id AS id FROM old_rows WHERE state = 'approved' "
     "UNION SELECT project_id FROM new_rows WHERE state = 'approved'"),
    ("delete", "SELECT 1 FROM old_rows WHERE state = 'approved'",
     "SELECT DISTINCT project_id AS id FROM old_rows WHERE state = 'approved'"),
]
SQLITE_EVENTS = [
    ("insert", "NEW.state = 'approved'", "SELECT NEW.project_id AS id"),
    ("update", "OLD.state = 'approved' OR NEW.state = 'approved'",
     "SELECT OLD.project_id AS id UNION SELECT NEW.project_id"),
    ("delete", "OLD.state = 'approved'", "SELECT OLD.project_id AS id"),
]


def create_triggers(apps, schema_editor):
    execute = schema_editor.execute
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        # 0015's triggers call these functions: replacing their bodies is enough.
        for event, approved, projects in POSTGRES_EVENTS:
            execute(
                f"CREATE OR REPLACE FUNCTION monitoring_stamp_{event}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN IF EXISTS ({approved}) THEN {BUMP}; {_log(projects)}; END IF; RETURN NULL; END $$"
            )
    elif vendor == "sqlite":
        for event, approved, projects in SQLITE_EVENTS:
            execute(f"DROP TRIGGER IF EXISTS monitoring_report_stamp_{event}")
            execute(
                f"CREATE TRIGGER monitoring_report_stamp_{event} AFTER {event.upper()} ON {REPORT} "
                f"WHEN {approved} BEGIN {BUMP}; {_log(projects)}; END"
            )
    else:  # a database without these triggers would serve stale figures: refuse it loudly
        raise RuntimeError(f"monitoring 0016: no triggers written for the {vendor} database")


def restore_0015(apps, schema_editor):
    stamp_0015.drop_triggers(apps, schema_editor)
    stamp_0015.create_triggers(apps, schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ('monitoring', '0015_approved_reports_stamp'),
    ]

    operations = [
        migrations.CreateModel(
            name='ApprovedReportChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('seq', models.PositiveBigIntegerField(db_index=True, verbose_name='cambio')),
                ('project_id', models.IntegerField(null=True, verbose_name='proyecto')),
            ],
            options={
                'verbose_name': 'cambio de los reportes aprobados',
                'verbose_name_plural': 'cambios de los reportes aprobados',
            },
        ),
        migrations.RunPython(create_triggers, restore_0015),
    ]
