"""The administrator keeps the funding sources in the admin: adds one, and cannot delete one that
money already names (PROTECT): the admin says why and offers nothing to confirm; making it
inactive is the way out."""
from decimal import Decimal

import pytest

from projects.models import FundingSource
from tests import factories
from tests.budget.builders import allocate, fiscal_year, funded_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(sysadmin):
    sysadmin.is_superuser = True
    sysadmin.save()
    return sysadmin


def test_the_administrator_adds_a_funding_source(login, admin_user):
    response = login(admin_user).post(
        "/admin/projects/fundingsource/add/", {"code": "05", "name": "Sistema General de Regalías", "active": "on"}
    )
    assert response.status_code == 302
    source = FundingSource.objects.get(code="05")
    assert (source.name, source.active) == ("Sistema General de Regalías", True)
    assert source.history.get().history_user == admin_user


def test_a_source_in_use_cannot_be_deleted_and_the_admin_says_which_money_holds_it(login, admin_user, lead):
    fy = fiscal_year(2026)
    project, _ = funded_project(lead, name="Vivienda nueva")
    allocate(fy, project, "1000000000", source="SGP")
    source = factories.funding_source("SGP")
    client = login(admin_user)
    page = client.get(f"/admin/projects/fundingsource/{source.pk}/delete/").content.decode()
    content = page.split('id="content"')[1]
    assert (
        "La eliminación de fuente de financiación 01 SGP requeriría eliminar los siguientes objetos "
        "relacionados protegidos:"
    ) in content
    assert f"Techo 2026 · {project.bank_code} Vivienda nueva · 01 SGP" in content
    assert "no tiene permiso" not in content  # not a permission matter: the money holds it
    assert 'type="submit"' not in content  # nothing to confirm
    assert (
        "Esta fuente de financiación ya está en uso y no se puede eliminar: desmarque «activa» para que no se "
        "ofrezca más; lo registrado con ella se conserva."
    ) in page
    client.post(f"/admin/projects/fundingsource/{source.pk}/delete/", {"post": "yes"})
    assert FundingSource.objects.filter(pk=source.pk).exists()


def test_an_unused_source_can_be_deleted_and_a_used_one_made_inactive(login, admin_user, lead):
    unused = factories.funding_source("Donaciones")
    fy = fiscal_year(2026)
    project, _ = funded_project(lead)
    allocation = allocate(fy, project, "1000000000", source="Crédito")
    client = login(admin_user)
    assert client.post(f"/admin/projects/fundingsource/{unused.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not FundingSource.objects.filter(pk=unused.pk).exists()
    credit = allocation.source
    response = client.post(
        f"/admin/projects/fundingsource/{credit.pk}/change/", {"code": credit.code, "name": credit.name}
    )
    assert response.status_code == 302
    credit.refresh_from_db()
    assert credit.active is False
    allocation.refresh_from_db()
    assert allocation.amount == Decimal("1000000000")
