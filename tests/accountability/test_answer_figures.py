"""An answer can take the execution figures from the same place as the report (monitoring.figures)."""
import datetime as dt
import html as htmllib

import pytest

from tests.accountability.builders import execution, info_request

pytestmark = pytest.mark.django_db


def test_answer_form_inserts_the_monitoring_figures(login, planner, lead):
    execution(lead=lead)
    req = info_request(received_on=dt.date(2026, 3, 27))
    page = login(planner).get(f"/rendicion/solicitudes/{req.pk}/responder/?vigencia=2025&corte=2025-06-30")
    text = htmllib.unescape(page.content.decode())
    assert (
        "Ejecución de la vigencia 2025 con corte al 30/06/2025 (seguimiento mensual aprobado): presupuesto definitivo "
        "$ 1.500.000.000, comprometido $ 550.000.000 (36,7 %), pagado $ 150.000.000." in text
    )
    assert "- Programa 4.2.9 Vivienda nueva: comprometido $ 300.000.000 de $ 1.000.000.000 (30,0 %); cumplimiento físico 25,0 %." in text
    assert "Inversión comprometida por comuna y corregimiento: Ciudad (sin georreferenciar) $ 100.000.000; Manrique $ 200.000.000; Villa Hermosa $ 250.000.000." in text


def test_cutoff_outside_the_year_is_refused(login, planner):
    req = info_request(received_on=dt.date(2026, 3, 27))
    page = login(planner).get(f"/rendicion/solicitudes/{req.pk}/responder/?vigencia=2025&corte=2026-01-31")
    assert "La fecha de corte debe estar dentro de la vigencia." in page.content.decode()


def test_inserting_the_figures_keeps_the_answer_being_typed_and_saves_nothing(login, planner, lead):
    execution(lead=lead)
    req = info_request(received_on=dt.date(2026, 3, 27))
    response = login(planner).post(f"/rendicion/solicitudes/{req.pk}/responder/", {
        "version": req.version, "answered_on": "15/04/2026", "answer": "Respetado señor Pérez:\r\nLe informamos:",
        "vigencia": "2025", "corte": "30/06/2025", "insertar_cifras": "1",
    })
    assert response.status_code == 200
    text = htmllib.unescape(response.content.decode())
    assert "Respetado señor Pérez:\r\nLe informamos:\n\nEjecución de la vigencia 2025 con corte al 30/06/2025" in text
    assert 'value="15/04/2026"' in text  # the date typed, kept
    req.refresh_from_db()
    assert req.answered_on is None and req.answer == ""


def test_inserting_figures_of_a_cutoff_outside_the_year_keeps_the_answer_and_says_why(login, planner):
    req = info_request(received_on=dt.date(2026, 3, 27))
    response = login(planner).post(f"/rendicion/solicitudes/{req.pk}/responder/", {
        "version": req.version, "answered_on": "", "answer": "Borrador de respuesta",
        "vigencia": "2025", "corte": "31/01/2026", "insertar_cifras": "1",
    })
    assert response.status_code == 400
    text = htmllib.unescape(response.content.decode())
    assert "La fecha de corte debe estar dentro de la vigencia." in text
    assert ">\nBorrador de respuesta</textarea>" in text
