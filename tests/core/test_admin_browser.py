"""The Django admin, where administrators keep reference data, works under the strict CSP."""
import pytest
from playwright.sync_api import expect

from tests.conftest import browser_login

pytestmark = pytest.mark.browser


def test_admin_edits_an_org_unit_in_the_admin(page, sysadmin):
    sysadmin.is_superuser = True
    sysadmin.save()
    browser_login(page, sysadmin)
    page.goto("/admin/core/orgunit/add/")
    page.get_by_label("Código").fill("SJU")
    page.get_by_label("Nombre").fill("Secretaría Jurídica")
    page.get_by_role("button", name="Grabar", exact=True).click()
    expect(page.get_by_role("link", name="SJU")).to_be_visible()
    expect(page.get_by_role("cell", name="Secretaría Jurídica", exact=True)).to_be_visible()
    page.goto("/admin/core/territory/")
    expect(page.get_by_role("link", name="14", exact=True)).to_be_visible()
    expect(page.get_by_role("cell", name="El Poblado", exact=True)).to_be_visible()
