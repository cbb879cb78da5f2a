"""The lead fills the project section by section, in several sittings."""
from decimal import Decimal

from projects.models import Deliverable, Product, ProjectFunding, Risk
from tests import factories
from tests.projects.builders import complete_project


def _version(project):
    project.refresh_from_db()
    return project.version


def test_deliverables_risks_and_funding_are_added_edited_and_deleted(login, lead):
    project = complete_project(lead=lead)
    product = project.products.get()
    client = login(lead)
    base = f"/proyectos/{project.pk}"
    assert client.post(f"{base}/entregables/nuevo/", {"version": _version(project), "name": "Acta de entrega",
                                                       "product": product.pk, "due_date": "2025-06-30"}).status_code == 302
    assert client.post(f"{base}/riesgos/nuevo/", {"version": _version(project), "description": "Alza de materiales",
                                                   "probability": "high", "impact": "medium",
                                                   "mitigation": "Contratos a precio fijo"}).status_code == 302
    sgp = factories.funding_source("SGP")
    assert client.post(f"{base}/financiacion/nueva/", {"version": _version(project), "source": sgp.pk, "year": "2025",
                                                       "amount": "2.500.000"}).status_code == 302
    funding = ProjectFunding.objects.get(source=sgp)
    assert funding.amount == Decimal("2500000")
    assert client.post(f"{base}/financiacion/{funding.pk}/", {"version": _version(project), "source": sgp.pk,
                                                              "year": "2025", "amount": "2.000.000"}).status_code == 302
    funding.refresh_from_db()
    assert funding.amount == Decimal("2000000")
    page = client.get(f"{base}/").content.decode()
    for text in ("Acta de entrega", "30/06/2025", "Alza de materiales", "Alto", "02 SGP", "$ 2.000.000"):
        assert text in page
    risk = Risk.objects.get()
    assert client.post(f"{base}/eliminar/riesgo/{risk.pk}/", {"version": _version(project)}).status_code == 302
    assert not Risk.objects.exists()
    # Deleting a product keeps its deliverables, unlinked.
    assert client.post(f"{base}/eliminar/producto/{product.pk}/", {"version": _version(project)}).status_code == 302
    assert not Product.objects.exists()
    assert Deliverable.objects.get().product is None


def test_negative_funding_is_refused(login, lead):
    project = complete_project(lead=lead)
    sgp = factories.funding_source("SGP")
    response = login(lead).post(f"/proyectos/{project.pk}/financiacion/nueva/", {
        "version": project.version, "source": sgp.pk, "year": "2025", "amount": "-1"})
    assert "El valor no puede ser negativo." in response.content.decode()
    assert not ProjectFunding.objects.filter(source=sgp).exists()


def test_the_funding_source_is_chosen_among_the_active_sources(login, lead):
    project = complete_project(lead=lead)  # its funding: 01 Recursos propios, 2024
    sgp = factories.funding_source("SGP")
    credit = factories.funding_source("Crédito")
    credit.active = False
    credit.save()
    client = login(lead)
    page = client.get(f"/proyectos/{project.pk}/financiacion/nueva/").content.decode()
    select = page.split('name="source"')[1].split("</select>")[0]
    assert f'<option value="{sgp.pk}">02 SGP</option>' in select
    assert "Crédito" not in select
    response = client.post(f"/proyectos/{project.pk}/financiacion/nueva/", {
        "version": _version(project), "source": credit.pk, "year": "2025", "amount": "1.000"})
    assert "Escoja una opción válida. Esa opción no está entre las disponibles." in response.content.decode()
    response = client.post(f"/proyectos/{project.pk}/financiacion/nueva/", {
        "version": _version(project), "source": project.funding.get().source.pk, "year": "2024", "amount": "1.000"})
    assert "La fuente «01 Recursos propios» ya tiene un valor para 2024; modifíquelo." in response.content.decode()
    assert ProjectFunding.objects.filter(project=project).count() == 1


def test_a_row_whose_source_was_made_inactive_can_still_be_edited(login, lead):
    project = complete_project(lead=lead)
    funding = project.funding.get()
    own = funding.source
    own.active = False
    own.save()
    client = login(lead)
    page = client.get(f"/proyectos/{project.pk}/financiacion/{funding.pk}/").content.decode()
    assert f'<option value="{own.pk}" selected>01 Recursos propios</option>' in page
    assert client.post(f"/proyectos/{project.pk}/financiacion/{funding.pk}/", {
        "version": _version(project), "source": own.pk, "year": "2024", "amount": "3.000.000"}).status_code == 302
    funding.refresh_from_db()
    assert funding.amount == Decimal("3000000")


def test_deliverable_outside_the_project_dates_is_refused(login, lead):
    project = complete_project(lead=lead)
    response = login(lead).post(f"/proyectos/{project.pk}/entregables/nuevo/", {
        "version": project.version, "name": "Informe", "due_date": "2030-01-01"})
    assert "La fecha del entregable debe estar entre el inicio y el fin del proyecto." in response.content.decode()
    assert not Deliverable.objects.exists()


def test_delete_based_on_an_old_version_is_refused(login, lead):
    project = complete_project(lead=lead)
    product = project.products.get()
    old = project.version
    login(lead).post(f"/proyectos/{project.pk}/mga/", {"version": old, "problem": "Nuevo texto"})
    response = login(lead).post(f"/proyectos/{project.pk}/eliminar/producto/{product.pk}/", {"version": old}, follow=True)
    assert "Otra persona modificó este proyecto mientras usted lo editaba." in response.content.decode()
    assert Product.objects.filter(pk=product.pk).exists()


def test_items_of_another_project_are_not_found(login, lead):
    own, other = complete_project(lead=lead), complete_project(lead=lead)
    foreign = other.products.get()
    assert login(lead).get(f"/proyectos/{own.pk}/productos/{foreign.pk}/").status_code == 404


def test_the_service_refuses_a_new_row_on_an_inactive_source(lead):
    import pytest

    from projects import services
    from isvimed_planning.workflow import DomainError

    project = complete_project(lead=lead)
    credit = factories.funding_source("Crédito")
    credit.active = False
    credit.save()
    with pytest.raises(DomainError) as refused:
        services.funding_save(
            project=project, by=lead, version=_version(project), source=credit, year=2025, amount=Decimal("1")
        )
    assert (refused.value.message, refused.value.field) == (
        "La fuente 02 Crédito está inactiva: elija otra o actívela en la administración.", "source"
    )
