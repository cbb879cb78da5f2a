"""The history of an object reads as the screens do: Spanish field names, choice labels, related
objects by name, es-CO numbers and dates; a save that changed nothing a user sees is not listed."""
import datetime as dt

import pytest

from action_plan.models import ActionPlan
from budget.models import FiscalYear
from isvimed_planning.history import history_rows
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_field_change_is_named_in_spanish_with_its_value_as_shown(lead):
    project = factories.project(lead=lead, name="Vivienda nueva")
    project.name = "Vivienda nueva en ladera"
    project.save()

    row = history_rows(project)[0]
    assert row.action == "Modificado"
    assert [(c.field, c.old, c.new) for c in row.changes] == [("nombre", "Vivienda nueva", "Vivienda nueva en ladera")]


def test_a_choice_shows_its_label_and_a_related_object_its_name(lead, lead2):
    project = factories.project(lead=lead, state="registered")
    project.state = "viable"
    project.lead = lead2
    project.save()

    changes = {c.field: (c.old, c.new) for c in history_rows(project)[0].changes}
    assert changes["estado"] == ("Inscrito", "Viable")
    assert changes["responsable"] == (str(lead), str(lead2))


def test_a_save_that_only_moved_the_version_is_not_listed(lead):
    project = factories.project(lead=lead)
    project.version += 1
    project.save()
    project.version += 1
    project.save()

    rows = history_rows(project)
    assert [row.action for row in rows] == ["Creado"]


def test_english_technical_fields_get_spanish_names_and_dates_es_co(planner):
    fiscal_year = FiscalYear.objects.create(year=2026, global_ceiling="1000000000")
    plan = ActionPlan.objects.create(fiscal_year=fiscal_year)
    plan.approved_at = dt.datetime(2026, 1, 20, 15, 0, tzinfo=dt.UTC)
    plan.approved_by = planner
    plan.save()

    changes = {c.field: (c.old, c.new) for c in history_rows(plan)[0].changes}
    assert changes["aprobado el"] == (None, "20/01/2026 10:00")  # Bogotá time
    assert changes["aprobado por"] == (None, str(planner))


def test_money_is_shown_in_pesos(planner):
    fiscal_year = FiscalYear.objects.create(year=2026, global_ceiling="1000000000")
    fiscal_year.global_ceiling = "1440000000"
    fiscal_year.save()

    changes = {c.field: (c.old, c.new) for c in history_rows(fiscal_year)[0].changes}
    assert changes["tope global"] == ("$ 1.000.000.000", "$ 1.440.000.000")
