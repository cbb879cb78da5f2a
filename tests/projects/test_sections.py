"""The lead fills the project section by section, in several sittings."""
from decimal import Decimal

from projects.models import Deliverable, Product, ProjectFunding, Risk
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
    assert client.post(f"{base}/financiacion/nueva/", {"version": _version(project), "source": "SGP", "year": "2025",
                                                       "amount": "2.500.000"}).status_code == 302
    funding = ProjectFunding.objects.get(source="SGP")
    assert funding.amount == Decimal("2500000")
    assert client.post(f"{base}/financiacion/{funding.pk}/", {"version": _version(project), "source": "SGP",
                                                              "year": "2025", "amount": "2.000.000"}).status_code == 302
    funding.refresh_from_db()
    assert funding.amount == Decimal("2000000")
    page = client.get(f"{base}/").content.decode()
    for text in ("Acta de entrega", "30/06/2025", "Alza de materiales", "Alto", "SGP", "$ 2.000.000"):
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
    response = login(lead).post(f"/proyectos/{project.pk}/financiacion/nueva/", {
        "version": project.version, "source": "SGP", "year": "2025", "amount": "-1"})
    assert "El valor no puede ser negativo." in response.content.decode()
    assert not ProjectFunding.objects.filter(source="SGP").exists()


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
