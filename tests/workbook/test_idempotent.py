"""Importing the same workbook twice changes nothing; a changed value updates its record with
history saying it came from an import, by whom and from which file."""
from __future__ import annotations

from decimal import Decimal

import pytest

from budget.models import FiscalYear, ProjectAllocation, TargetReprogramming
from monitoring.models import ProgressReport
from projects.models import Project, ProjectTerritory
from strategy.models import Indicator
from tests.workbook.builders import BPIN, BPIN_PP, base_data, db_state, run_import

pytestmark = pytest.mark.django_db


def test_second_import_reports_every_row_unchanged_and_writes_nothing(tmp_path):
    assert run_import(base_data(), tmp_path)[0] == 0
    before = db_state()
    code, out, err = run_import(base_data(), tmp_path)
    assert code == 0, err
    assert db_state() == before  # not even a history row
    for line in out.splitlines():
        if ": " in line and "sin cambios" in line:
            assert " 0 creadas, 0 actualizadas," in line, line
    assert "avance_fisico: 0 creadas, 0 actualizadas, 2 sin cambios" in out


def test_changed_value_updates_its_record_with_import_history(tmp_path, planner):
    assert run_import(base_data(), tmp_path, "--usuario", planner.username, name="plan.xlsx")[0] == 0
    data = base_data()
    data["asignaciones"][0][3] = 650000000
    data["indicadores"][0][1] = "Viviendas nuevas entregadas a hogares"
    code, out, err = run_import(data, tmp_path, "--usuario", planner.username, name="plan.xlsx")
    assert code == 0, err
    assert "asignaciones: 0 creadas, 1 actualizadas, 1 sin cambios" in out
    assert "indicadores: 0 creadas, 1 actualizadas, 1 sin cambios" in out
    allocation = ProjectAllocation.objects.get(project__bank_code=BPIN, source__code="01")
    assert allocation.amount == Decimal("650000000")
    last = allocation.history.order_by("-history_id").first()
    assert last.history_type == "~"
    assert last.history_change_reason == "Importado de plan.xlsx por planeador"
    assert last.history_user == planner
    assert FiscalYear.objects.get(year=2024).allocated_total == Decimal("950000000")
    indicator = Indicator.objects.get(code="4.3.1.1")
    assert indicator.name == "Viviendas nuevas entregadas a hogares"
    assert indicator.history.count() == 2


def test_imported_records_are_registered_approved_and_say_where_they_came_from(tmp_path, planner):
    assert run_import(base_data(), tmp_path, "--usuario", planner.username, name="plan.xlsx")[0] == 0
    project = Project.objects.get(bank_code=BPIN)
    assert project.state == "registered"
    assert project.registered_on is not None
    created = project.history.get()
    assert created.history_change_reason == "Importado de plan.xlsx por planeador"
    assert created.history_user == planner
    report = ProgressReport.objects.get(project=project, year=2024, month=1)
    assert report.state == "approved"
    assert report.committed == Decimal("100000000")
    assert report.history.get().history_change_reason == "Importado de plan.xlsx por planeador"
    assert TargetReprogramming.objects.get().state == "approved"
    assert FiscalYear.objects.get(year=2024).allocated_total == Decimal("900000000")
    link = ProjectTerritory.objects.get(project__bank_code=BPIN_PP)
    assert (link.territory_id, link.share) == (6, Decimal("100"))


def test_unknown_lead_is_created_inactive_with_the_lead_role_when_asked(tmp_path):
    from isvimed_planning.models import User

    data = base_data()
    data["proyectos"][0][4] = "nuevo01"
    assert run_import(data, tmp_path, "--crear-usuarios")[0] == 0
    user = User.objects.get(username="nuevo01")
    assert not user.is_active
    assert not user.has_usable_password()
    assert list(user.groups.values_list("name", flat=True)) == ["responsable"]
    assert Project.objects.get(bank_code=BPIN).lead == user


def test_existing_lead_is_reused(tmp_path, lead):
    data = base_data()
    data["proyectos"][0][4] = lead.username
    assert run_import(data, tmp_path)[0] == 0
    assert Project.objects.get(bank_code=BPIN).lead == lead


def test_dry_run_validates_and_writes_nothing(tmp_path):
    before = db_state()
    code, out, err = run_import(base_data(), tmp_path, "--dry-run")
    assert code == 0
    assert "proyectos: 2 creadas, 0 actualizadas, 0 sin cambios" in out
    assert "Validación sin errores (--dry-run): no se escribió nada." in out
    assert db_state() == before


def test_switching_a_project_to_ordinary_removes_its_territory(tmp_path):
    assert run_import(base_data(), tmp_path)[0] == 0
    data = base_data()
    data["proyectos"][1][5] = "ordinario"
    data["proyectos"][1][6] = None
    code, out, err = run_import(data, tmp_path)
    assert code == 0, err
    assert "proyectos: 0 creadas, 1 actualizadas, 1 sin cambios" in out
    assert not ProjectTerritory.objects.filter(project__bank_code=BPIN_PP).exists()


def test_a_workbook_may_refer_to_codes_already_in_the_database(tmp_path):
    assert run_import(base_data(), tmp_path)[0] == 0
    code, out, err = run_import({"metas_producto": [[BPIN, "P1", 2025, 55]]}, tmp_path)
    assert code == 0, err
    assert out.splitlines()[0] == "metas_producto: 1 creadas, 0 actualizadas, 0 sin cambios"
