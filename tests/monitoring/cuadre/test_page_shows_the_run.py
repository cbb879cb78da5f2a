"""The cuadre page shows the latest run of the year and cutoff: when it was computed (Bogotá
time), the open findings per severity and per rule, and each finding linking to its object; a
note when the data changed after the run; the button to compute it and its progress."""
from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from monitoring.models import CuadreRun, ReportingPeriod
from tests import factories

from .ui_builders import CUTOFF, computed, finding

pytestmark = pytest.mark.django_db
URL = "/seguimiento/cuadre/?anio=2025&corte=2025-03-31"


@pytest.fixture
def findings(lead, lead2):
    a = factories.project(lead=lead, name="Vivienda nueva Pajarito")
    b = factories.project(lead=lead2, name="Mejoramiento Comuna 8")
    return a, b, [
        finding("CU05", project=a, message="Falta el reporte de marzo de 2025."),
        finding("CU01", project=a, message="Avance físico en marzo sin compromisos."),
        finding("CU01", project=b, message="Avance físico en febrero sin compromisos."),
        finding("CU13", project=b, object_kind="product", object_id=77, subject="P1 Viviendas",
                url=f"/proyectos/{b.pk}/productos/77/", message="El producto no tiene código MGA."),
    ]


def test_the_planner_sees_the_run_with_its_date_counts_and_findings(login, planner, findings, monkeypatch):
    a, b, found = findings
    with time_machine.travel(dt.datetime(2025, 4, 2, 20, 15, tzinfo=dt.UTC), tick=False):
        computed(monkeypatch, found)
    page = login(planner).get(URL).content.decode()
    assert "Calculado el 02/04/2025 15:15" in page  # 20:15 UTC is 15:15 in Bogotá
    assert "Hallazgos abiertos: 1 error, 3 alertas" in page
    assert f'<a href="/proyectos/{a.pk}/">Vivienda nueva Pajarito</a>' in page
    assert f'<a href="/proyectos/{b.pk}/productos/77/">P1 Viviendas</a>' in page
    assert "Falta el reporte de marzo de 2025." in page
    assert "Recalcular" in page
    assert "Los datos cambiaron" not in page
    assert "Usted ve solo los hallazgos" not in page


def test_the_table_per_rule_counts_open_and_justified_with_who_acts(login, planner, findings, monkeypatch):
    from monitoring import cuadre_services

    a, b, found = findings
    computed(monkeypatch, found)
    cuadre_services.finding_justify(year=2025, rule="CU01", object_kind="project", object_id=b.pk,
                                    comment="Compromisos en el reporte de abril.", by=planner)
    response = login(planner).get(URL)
    table = response.content.decode().split('data-testid="by-rule"')[1].split("</table>")[0]
    row = table.split("<td>CU01</td>")[1].split("</tr>")[0]
    assert "Avance físico sin compromisos" in row and "Líder del proyecto" in row and "Alerta" in row
    assert '<td class="num">1</td><td class="num">1</td>' in row
    cu05 = table.split("<td>CU05</td>")[1].split("</tr>")[0]
    assert "Error" in cu05 and '<td class="num">1</td><td class="num">0</td>' in cu05


def test_a_change_in_the_data_after_the_run_is_noted(login, planner, lead, findings, monkeypatch):
    computed(monkeypatch, findings[2])
    factories.funded(factories.project(lead=lead, state="in_execution"), 2025)  # new money: a new data version
    page = login(planner).get(URL).content.decode()
    assert "Los datos cambiaron después de este cálculo: recalcule el cuadre para ver los hallazgos al día." in page


def test_without_a_run_the_page_offers_to_compute_it(login, planner, reader):
    page = login(planner).get(URL).content.decode()
    assert "Sin cuadre calculado para este corte." in page
    assert ">Calcular cuadre</button>" in page


def test_by_default_the_page_shows_the_cycle_being_reported(login, planner):
    ReportingPeriod.objects.create(year=2025, month=3, cutoff=CUTOFF, report_deadline=dt.date(2025, 4, 7))
    with time_machine.travel(dt.datetime(2025, 4, 3, 15, 0, tzinfo=dt.UTC)):
        page = login(planner).get("/seguimiento/cuadre/").content.decode()
    assert "Cuadre de la vigencia 2025 al 31/03/2025" in page


def test_a_bad_year_or_cutoff_gives_a_spanish_message_and_the_default_cutoff(login, planner):
    ReportingPeriod.objects.create(year=2025, month=3, cutoff=CUTOFF, report_deadline=dt.date(2025, 4, 7))
    with time_machine.travel(dt.datetime(2025, 4, 3, 15, 0, tzinfo=dt.UTC)):
        browser = login(planner)
        bad_year = browser.get("/seguimiento/cuadre/?anio=dos+mil")
        bad_cutoff = browser.get("/seguimiento/cuadre/?anio=2025&corte=2024-12-31")
        bad_date = browser.get("/seguimiento/cuadre/?corte=31-31-2025")
        far_date = browser.get("/seguimiento/cuadre/?corte=9999-12-31")
    assert bad_year.status_code == 200
    assert "Escriba el año con cuatro cifras, p. ej. 2026." in bad_year.content.decode()
    assert 'value="dos mil"' in bad_year.content.decode()
    assert "La fecha de corte debe estar dentro de la vigencia 2025." in bad_cutoff.content.decode()
    assert "Escriba la fecha como dd/mm/aaaa, por ejemplo 31/03/2026." in bad_date.content.decode()
    assert "La fecha debe estar entre el 01/01/2000 y el 31/12/2050." in far_date.content.decode()
    for response in (bad_year, bad_cutoff, bad_date, far_date):
        assert "Cuadre de la vigencia 2025 al 31/03/2025" in response.content.decode()


def test_a_running_run_shows_its_progress_and_the_json_leads_back_to_the_page(login, planner, lead):
    run = CuadreRun.objects.create(year=2025, cutoff=CUTOFF, data_version="x", state="running", progress=40)
    browser = login(lead)
    page = browser.get(URL).content.decode()
    assert f'data-progress-url="/seguimiento/cuadre/{run.pk}/progreso/"' in page
    assert "Calculando… 40 %" in page
    assert ">Recalcular</button>" not in page and ">Calcular cuadre</button>" not in page
    assert browser.get(f"/seguimiento/cuadre/{run.pk}/progreso/").json() == {
        "progress": 40, "state": "running", "label": "Calculando… 40 %", "done_url": None,
    }
    CuadreRun.objects.filter(pk=run.pk).update(state="done", progress=100, finished_at=timezone.now())
    assert browser.get(f"/seguimiento/cuadre/{run.pk}/progreso/").json()["done_url"] == URL


def test_a_failed_run_shows_its_error_and_a_forced_recalculation(login, planner):
    CuadreRun.objects.create(year=2025, cutoff=CUTOFF, data_version="x", state="failed",
                             error="El cálculo superó el tiempo máximo.")
    page = login(planner).get(URL).content.decode()
    assert "El cálculo superó el tiempo máximo." in page
    assert '<input type="hidden" name="forzar" value="1">' in page
