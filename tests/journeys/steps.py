"""Steps a user takes through the real menus of templates/base.html. Only the first page of a
journey is typed; everything else is reached by clicking links and buttons."""
from __future__ import annotations

from tests.conftest import PASSWORD

STEPS_NAV = "Pasos del procedimiento P-GE-01"


def sign_in(page, a11y, user) -> None:
    """From the login page (or any page, logging out first through the user menu)."""
    if page.locator("details.usermenu").count():
        page.locator("details.usermenu summary").click()
        page.get_by_role("button", name="Salir").click()
    elif "/cuenta/ingresar/" not in page.url:  # the citizens' home page: its header links the login
        page.get_by_role("banner").get_by_role("link", name="Ingresar").click()
    page.wait_for_url("**/cuenta/ingresar/**")
    a11y()
    page.get_by_label("Nombre de usuario").fill(user.username)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Ingresar").click()
    page.wait_for_url(lambda url: "/cuenta/ingresar/" not in url)
    a11y()


def menu(page, a11y, label: str) -> None:
    """Click a step or tool of the top navigation, e.g. menu(page, a11y, "Proyectos"). On a narrow
    screen the navigation is behind the "Menú" button: it is opened first."""
    button = page.get_by_role("button", name="Menú")
    if button.is_visible() and button.get_attribute("aria-expanded") != "true":
        button.click()
    page.get_by_role("navigation", name=STEPS_NAV).get_by_role("link", name=label).click()
    page.wait_for_load_state("load")
    a11y()


def click(page, a11y, role: str, name: str, *, exact: bool = True, wait: str | None = None) -> None:
    """Click a link or button of the page, wait for the next page and check it."""
    page.get_by_role(role, name=name, exact=exact).click()
    if wait:
        page.wait_for_url(wait)
    page.wait_for_load_state("load")
    a11y()
