"""The report form asks for the split by funding source only when the project has several
sources in the report's year; the service refuses a split that does not add up (saying which
column and by how much) and a multi-source report without a split, keeping what was typed."""
from __future__ import annotations

from decimal import Decimal

import pytest

from isvimed_planning.workflow import DomainError
from monitoring import services
from monitoring.models import SourceExecution
from tests import factories
from tests.monitoring.builders import allocate, edit_data, report, reporting_project, split

URL = "/seguimiento/reportes/{}/editar/"


@pytest.fixture
def two_sources(lead):
    project = reporting_project(lead=lead)
    allocate(project, "300000000", source="Recursos propios")
    allocate(project, "100000000", source="Sistema General de Participaciones")
    return project


def _split_data(rep, rows: dict[str, tuple[str, str, str]], **overrides) -> dict:
    data = edit_data(rep, **overrides)
    for name, amounts in rows.items():
        pk = factories.funding_source(name).pk
        for column, value in zip(("committed", "obligated", "paid"), amounts, strict=True):
            data[f"src_{column}_{pk}"] = value
    return data


def test_a_single_source_project_has_no_split_table(login, lead):
    project = reporting_project(lead=lead)
    allocate(project)
    rep = report(project, month=3)
    html = login(lead).get(URL.format(rep.pk)).content.decode()
    assert 'data-testid="source-split"' not in html
    assert login(lead).post(URL.format(rep.pk), edit_data(rep)).status_code == 302
    assert not SourceExecution.objects.filter(report=rep).exists()


def test_a_split_that_does_not_add_up_is_refused_and_the_typed_values_stay(login, lead, two_sources):
    rep = report(two_sources, month=3, committed="100000000", obligated="0", paid="0", territories={10: "100000000"})
    html = login(lead).get(URL.format(rep.pk)).content.decode()
    assert 'data-testid="source-split"' in html and "Sistema General de Participaciones" in html
    data = _split_data(
        rep, {"Recursos propios": ("70000000", "0", "0"), "Sistema General de Participaciones": ("20000000", "0", "0")},
        achievements="Logros escritos antes del rechazo",
    )
    response = login(lead).post(URL.format(rep.pk), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "La suma por fuentes del comprometido ($ 90.000.000) no coincide con el total del reporte ($ 100.000.000)."
        in html
    )
    assert 'value="70000000"' in html and 'value="20000000"' in html
    assert "Logros escritos antes del rechazo" in html
    rep.refresh_from_db()
    assert rep.version == 1
    assert not SourceExecution.objects.filter(report=rep).exists()


def test_the_obligated_column_is_named_when_it_is_the_one_that_differs(lead, two_sources):
    rep = report(two_sources, month=3, committed="100000000", obligated="50000000", paid="0", territories={10: "100000000"})
    own, sgp = factories.funding_source("Recursos propios"), factories.funding_source("Sistema General de Participaciones")
    with pytest.raises(DomainError) as exc:
        services.report_update(
            report=rep, by=lead, version=rep.version, committed=rep.committed, obligated=rep.obligated, paid=rep.paid,
            territories={10: (rep.committed, 5)},
            sources={own.pk: (Decimal(75000000), Decimal(40000000), None), sgp.pk: (Decimal(25000000), Decimal(20000000), None)},
        )
    assert (exc.value.message, exc.value.field) == (
        "La suma por fuentes del obligado ($ 60.000.000) no coincide con el total del reporte ($ 50.000.000).", "sources"
    )


def test_a_multi_source_report_without_split_is_refused_unless_its_amounts_are_zero(login, lead, two_sources):
    rep = report(two_sources, month=3, committed="100000000", obligated="0", paid="0", territories={10: "100000000"})
    response = login(lead).post(URL.format(rep.pk), _split_data(rep, {}))
    assert response.status_code == 200
    assert (
        "El proyecto tiene 2 fuentes de financiación en 2025 (Recursos propios, Sistema General de Participaciones): "
        "reparta el comprometido, el obligado y el pagado del mes entre ellas."
    ) in response.content.decode()
    zero = report(two_sources, month=4, committed="0", obligated="0", paid="0", territories={})
    assert login(lead).post(URL.format(zero.pk), _split_data(zero, {})).status_code == 302


def test_a_split_that_adds_up_is_saved_with_history_and_shown(login, lead, planner, two_sources):
    rep = report(two_sources, month=3, committed="100000000", obligated="40000000", paid="10000000",
                 territories={10: "100000000"})
    data = _split_data(rep, {
        "Recursos propios": ("75000000", "30000000", "7500000"),
        "Sistema General de Participaciones": ("25000000", "10000000", "2500000"),
    })
    assert login(lead).post(URL.format(rep.pk), data).status_code == 302
    rows = {r.source.name: (r.committed, r.obligated, r.paid) for r in SourceExecution.objects.filter(report=rep)}
    assert rows == {
        "Recursos propios": (Decimal(75000000), Decimal(30000000), Decimal(7500000)),
        "Sistema General de Participaciones": (Decimal(25000000), Decimal(10000000), Decimal(2500000)),
    }
    assert SourceExecution.history.filter(report_id=rep.pk).count() == 2
    page = login(lead).get(f"/seguimiento/reportes/{rep.pk}/").content.decode()
    assert 'data-testid="report-sources"' in page and "$ 75.000.000" in page and "$ 2.500.000" in page
    # A second save changing one source's amounts updates its row, with history.
    rep.refresh_from_db()
    data = _split_data(rep, {
        "Recursos propios": ("60000000", "30000000", "7500000"),
        "Sistema General de Participaciones": ("40000000", "10000000", "2500000"),
    })
    assert login(lead).post(URL.format(rep.pk), data).status_code == 302
    assert SourceExecution.history.filter(report_id=rep.pk).count() == 4
    services.report_transition(report=rep, by=lead, name="submit")
    review = login(planner).get(f"/seguimiento/reportes/{rep.pk}/accion/approve/").content.decode()
    assert 'data-testid="report-sources"' in review and "$ 60.000.000" in review


def test_submitting_a_multi_source_report_without_split_is_refused(lead, two_sources):
    rep = report(two_sources, month=3, committed="100000000", obligated="0", paid="0", territories={10: "100000000"})
    with pytest.raises(DomainError) as exc:
        services.report_transition(report=rep, by=lead, name="submit")
    assert exc.value.field == "sources"
    split(rep, {"Recursos propios": ("100000000", "0", "0")})
    services.report_transition(report=rep, by=lead, name="submit")
    assert rep.state == "submitted"


def test_a_split_amount_that_is_not_money_or_negative_is_refused_next_to_its_field(login, lead, two_sources):
    rep = report(two_sources, month=3, committed="100000000", obligated="0", paid="0", territories={10: "100000000"})
    own = factories.funding_source("Recursos propios")
    data = _split_data(rep, {"Recursos propios": ("setenta", "-5", "0"), "Sistema General de Participaciones": ("1", "0", "0")})
    html = login(lead).post(URL.format(rep.pk), data).content.decode()
    assert f'<p class="field-error" id="id_src_committed_{own.pk}_error">Escriba un valor en pesos, p. ej. 1.234.567,50.</p>' in html
    assert f'<p class="field-error" id="id_src_obligated_{own.pk}_error">El valor no puede ser negativo.</p>' in html
    assert 'value="setenta"' in html
    assert not SourceExecution.objects.filter(report=rep).exists()
