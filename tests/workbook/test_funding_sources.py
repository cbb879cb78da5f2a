"""The planning workbook names funding sources by code: the `fuentes` sheet defines them, and
asignaciones and modificaciones refer to them; a modification may leave `fuente` empty only on a
project with a single source that year."""
from decimal import Decimal

import pytest

from budget.models import BudgetModification, ProjectAllocation
from projects.models import FundingSource
from tests.workbook.builders import BPIN, base_data, refused, run_import

pytestmark = pytest.mark.django_db


def test_sources_are_created_from_the_fuentes_sheet_and_allocations_point_at_them(tmp_path):
    code, out, err = run_import(base_data(), tmp_path)
    assert code == 0, err
    assert list(FundingSource.objects.order_by("code").values_list("code", "name")) == [
        ("01", "Recursos propios"), ("03", "Presupuesto participativo"), ("04", "Recursos del crédito"),
    ]
    allocation = ProjectAllocation.objects.get(project__bank_code=BPIN)
    assert (allocation.source.code, allocation.amount) == ("01", Decimal("600000000"))
    # The project has one source in 2024, so its modification may leave the source out.
    assert BudgetModification.objects.get(project__bank_code=BPIN).source is None


def test_an_allocation_with_an_unknown_source_code_is_refused(tmp_path):
    data = base_data()
    data["asignaciones"][0][2] = "99"
    refused(data, tmp_path, "asignaciones:2:fuente: la fuente «99» no existe (ni en el libro ni en la base de datos)")


def test_a_modification_with_an_unknown_source_code_is_refused(tmp_path):
    data = base_data()
    data["modificaciones"][0].append("77")
    refused(data, tmp_path, "modificaciones:2:fuente: la fuente «77» no existe (ni en el libro ni en la base de datos)")


def test_a_modification_without_a_source_on_a_project_with_two_sources_is_refused(tmp_path):
    data = base_data()
    data["asignaciones"].append([2024, BPIN, "04", 100000000])
    refused(
        data, tmp_path,
        f"modificaciones:2:fuente: el proyecto {BPIN} tiene 2 fuentes de financiación en 2024: indique la fuente",
    )


def test_a_modification_naming_its_source_on_a_project_with_two_sources_is_imported(tmp_path):
    data = base_data()
    data["asignaciones"].append([2024, BPIN, "04", 100000000])
    data["modificaciones"][0].append("04")
    # Two sources: the project's months are split by source (all of it from 01 here).
    data["ejecucion_fuente"] = [[BPIN, 2024, month, "01", *amounts] for _, _, month, *amounts in data["ejecucion_financiera"]]
    code, out, err = run_import(data, tmp_path)
    assert code == 0, err
    assert BudgetModification.objects.get(project__bank_code=BPIN).source.code == "04"


def test_a_source_name_already_used_by_another_code_is_refused(tmp_path):
    data = base_data()
    data["fuentes"].append(["05", "recursos  PROPIOS"])
    refused(data, tmp_path, "fuentes:5:nombre: «recursos PROPIOS» ya es el nombre de la fuente «01»")


def test_importing_twice_changes_nothing_the_second_time(tmp_path):
    assert run_import(base_data(), tmp_path)[0] == 0
    code, out, err = run_import(base_data(), tmp_path)
    assert code == 0, err
    assert "fuentes: 0 creadas, 0 actualizadas, 3 sin cambios" in out
    assert "modificaciones: 0 creadas, 0 actualizadas, 1 sin cambios" in out
