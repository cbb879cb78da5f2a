"""The checks of a report, with their exact Spanish messages next to the field; nothing is saved
when a check fails."""
import pytest

from monitoring.models import ProductProgress, TerritorialDistribution
from tests.monitoring.builders import edit_data, report, reporting_project


@pytest.fixture
def project(lead):
    return reporting_project(lead=lead)


def _post(client, rep, **overrides):
    return client.post(f"/seguimiento/reportes/{rep.pk}/editar/", edit_data(rep, **overrides))


def _field_errors(response, field):
    return response.context["form"].errors.get(field, [])


def test_territories_must_add_up_to_the_committed_amount_and_the_difference_is_said(login, lead, project):
    rep = report(project, month=3)
    response = _post(login(lead), rep, committed="1500000")
    assert response.status_code == 200
    assert response.context["form"].territory_errors == [
        "La distribución por territorio suma $ 1.000.000 y el comprometido del mes es $ 1.500.000: faltan $ 500.000. "
        "Distribuya exactamente el comprometido del mes (use «0 - Ciudad» para la inversión sin georreferenciar)."
    ]
    assert "faltan $ 500.000" in response.content.decode()
    rep.refresh_from_db()
    assert rep.committed == 1000000 and rep.version == 1


def test_territories_over_the_committed_amount_say_what_is_left_over(login, lead, project):
    rep = report(project, month=3)
    response = _post(login(lead), rep, terr_committed_0="250000,50", terr_beneficiaries_0="0")
    assert response.context["form"].territory_errors[0].startswith(
        "La distribución por territorio suma $ 1.250.000,50 y el comprometido del mes es $ 1.000.000: sobran $ 250.000,50."
    )
    assert not TerritorialDistribution.objects.filter(report=rep, territory_id=0).exists()


def test_city_wide_code_zero_completes_the_distribution(login, lead, project):
    rep = report(project, month=3)
    response = _post(login(lead), rep, committed="1250000", terr_committed_0="250000", terr_beneficiaries_0="0")
    assert response.status_code == 302
    assert dict(TerritorialDistribution.objects.filter(report=rep).values_list("territory_id", "committed")) == {
        0: 250000, 10: 1000000
    }


def test_accumulated_obligated_cannot_exceed_accumulated_committed(login, lead, project):
    report(project, month=1, state="approved", committed="1000000", obligated="1000000", paid="0")
    rep = report(project, month=2, committed="0", obligated="0", paid="0", territories={})
    response = _post(login(lead), rep, obligated="200000")
    assert _field_errors(response, "obligated") == [
        "El obligado acumulado a febrero de 2025 ($ 1.200.000) supera el comprometido acumulado ($ 1.000.000)."
    ]
    rep.refresh_from_db()
    assert rep.obligated == 0


def test_accumulated_paid_cannot_exceed_accumulated_obligated(login, lead, project):
    report(project, month=1, state="approved", committed="1000000", obligated="500000", paid="500000")
    rep = report(project, month=2, committed="0", obligated="0", paid="0", territories={})
    response = _post(login(lead), rep, paid="1")
    assert _field_errors(response, "paid") == [
        "El pagado acumulado a febrero de 2025 ($ 500.001) supera el obligado acumulado ($ 500.000)."
    ]


def test_a_month_paying_what_earlier_months_obligated_is_accepted(login, lead, project):
    report(project, month=1, state="approved", committed="1000000", obligated="800000", paid="100000")
    rep = report(project, month=2, committed="0", obligated="0", paid="0", territories={})
    assert _post(login(lead), rep, paid="700000").status_code == 302
    rep.refresh_from_db()
    assert rep.paid == 700000


def test_editing_an_earlier_month_is_checked_against_later_months(login, lead, project):
    jan = report(project, month=1, committed="1000000", obligated="0", paid="0")
    report(project, month=2, state="submitted", committed="0", obligated="900000", paid="0", territories={})
    response = _post(login(lead), jan, committed="500000", terr_committed_10="500000")
    assert _field_errors(response, "obligated") == [
        "El obligado acumulado a febrero de 2025 ($ 900.000) supera el comprometido acumulado ($ 500.000)."
    ]


@pytest.mark.parametrize("field", ["committed", "obligated", "paid"])
def test_amounts_cannot_be_negative(login, lead, project, field):
    rep = report(project, month=3)
    response = _post(login(lead), rep, **{field: "-1"})
    assert _field_errors(response, field) == ["El valor no puede ser negativo."]


def test_quantities_and_territorial_values_cannot_be_negative(login, lead, project):
    rep = report(project, month=3)
    product = project.products.get()
    response = _post(login(lead), rep, **{f"qty_{product.pk}": "-2", "terr_committed_10": "-5", "terr_beneficiaries_10": "-1"})
    assert _field_errors(response, f"qty_{product.pk}") == ["La cantidad no puede ser negativa."]
    assert _field_errors(response, "terr_committed_10") == ["El valor no puede ser negativo."]
    assert _field_errors(response, "terr_beneficiaries_10") == ["El número de beneficiarios no puede ser negativo."]
    page = response.content.decode()
    assert "La cantidad no puede ser negativa." in page and 'value="-2"' in page
    assert ProductProgress.objects.get(report=rep).quantity == 2


def test_blank_quantity_means_not_reported_and_zero_is_kept(login, lead, project):
    rep = report(project, month=3)
    product = project.products.get()
    assert _post(login(lead), rep, **{f"qty_{product.pk}": "0"}).status_code == 302
    assert ProductProgress.objects.get(report=rep).quantity == 0
    rep.refresh_from_db()
    assert _post(login(lead), rep, **{f"qty_{product.pk}": ""}).status_code == 302
    assert not ProductProgress.objects.filter(report=rep).exists()


def test_submit_needs_evidence_and_achievements(login, lead, project):
    rep = report(project, month=3, evidence=False)
    response = login(lead).post(f"/seguimiento/reportes/{rep.pk}/accion/submit/", {"version": rep.version})
    assert "Adjunte al menos una evidencia antes de enviar el reporte." in response.content.decode()
    rep2 = report(project, month=4, achievements="", difficulties="Lluvias", improvement_actions="Turnos extra")
    response = login(lead).post(f"/seguimiento/reportes/{rep2.pk}/accion/submit/", {"version": rep2.version})
    assert "Escriba los logros del mes antes de enviar el reporte." in response.content.decode()
    rep.refresh_from_db(), rep2.refresh_from_db()
    assert rep.state == rep2.state == "pending"
