"""A citizen without login opens the open-data page, a data dictionary and the API's
documentation in Chromium, on a desktop and at 390 px: no serious axe-core violation, nothing
wider than the phone, and the Excel dialect is stated where the downloads are."""
from __future__ import annotations

import pytest

from tests.journeys.axe import describe, violations
from tests.journeys.conftest import PHONE

pytestmark = pytest.mark.browser

PAGES = ["/datos/", "/datos/diccionario/indicadores/", "/datos/api/"]


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, PHONE], ids=["desktop", "phone"])
def test_the_open_data_pages_are_accessible_and_fit(_browser, live_server, transactional_db, viewport):
    context = _browser.new_context(base_url=live_server.url, locale="es-CO", timezone_id="America/Bogota",
                                   viewport=viewport)
    page = context.new_page()
    try:
        problems = []
        for path in PAGES:
            response = page.goto(path)
            assert response is not None and response.status == 200, path
            found = violations(page)
            if found:
                problems.append(describe(path, found))
            width = page.evaluate("() => document.documentElement.scrollWidth")
            assert width <= viewport["width"], f"{path}: {width} px"
        assert not problems, "\n".join(problems)
        page.goto("/datos/")
        assert "separado por «;», coma decimal" in page.inner_text("main")
        page.get_by_role("link", name="documentación de la API").click()
        assert page.get_by_role("heading", name="API de datos abiertos del ISVIMED").is_visible()
        assert page.locator("[data-testid=operation]").count() == 12
    finally:
        context.close()
