"""All or nothing, also when the database refuses half way through the writing."""
from __future__ import annotations

import pytest
from django.db import IntegrityError

from monitoring.models import ProgressReport
from projects.models import Project
from tests.workbook.builders import BPIN, base_data, db_state, run_import

pytestmark = pytest.mark.django_db


def test_a_database_refusal_while_writing_rolls_everything_back(tmp_path, monkeypatch):
    from monitoring import workbook as monitoring_workbook

    def refuse(self, ctx):
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(monitoring_workbook.MedicionesResultadoSheet, "write", refuse)
    before = db_state()
    code, out, err = run_import(base_data(), tmp_path)
    assert code == 1
    assert err[0] == (
        "libro:-:-: la base de datos rechazó la importación (sus datos cambiaron mientras se validaba el libro); "
        "no se guardó nada: vuelva a intentarlo"
    )
    assert db_state() == before  # the plan, projects and reports written before were rolled back


def test_an_updated_project_or_report_gets_a_new_version(tmp_path):
    assert run_import(base_data(), tmp_path)[0] == 0
    project = Project.objects.get(bank_code=BPIN)
    report = ProgressReport.objects.get(project=project, month=1)
    data = base_data()
    data["proyectos"][0][1] = "Viviendas nuevas (ajustado)"
    data["ejecucion_financiera"][0][5] = 30000000
    assert run_import(data, tmp_path)[0] == 0
    project.refresh_from_db()
    report.refresh_from_db()
    assert (project.name, project.version) == ("Viviendas nuevas (ajustado)", 2)
    assert (report.paid, report.version) == (30000000, 2)
