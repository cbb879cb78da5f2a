"""Journey: a project in review is discussed in its «Conversación» instead of by e-mail. The planner
writes a question (an empty one is refused with its message), the lead finds the notice under
«Avisos», follows it to the conversation and answers. Every page visited passes the axe-core check."""
import re

import pytest
from playwright.sync_api import expect

from tests.journeys.steps import click, menu, sign_in
from tests.projects.builders import complete_project

pytestmark = pytest.mark.browser

NAME = "Vivienda nueva en Pajarito"
CONVERSATION = re.compile(r"/proyectos/\d+/#conversacion$")


def test_planner_and_lead_discuss_a_project_in_review(page, a11y, lead, planner):
    complete_project(lead=lead, state="in_review", name=NAME)

    page.goto("/")
    sign_in(page, a11y, planner)
    menu(page, a11y, "Proyectos")
    click(page, a11y, "link", NAME, wait=re.compile(r"/proyectos/\d+/$"))
    expect(page.get_by_test_id("comments")).to_contain_text("Aún no hay comentarios.")

    click(page, a11y, "button", "Publicar comentario")  # nothing typed: refused on the project page
    expect(page.locator("#id_text_error")).to_have_text("Escriba el comentario antes de publicarlo.")

    page.get_by_label("Nuevo comentario").fill("¿La meta 2025 incluye las 20 viviendas?\nRevisen el costo.")
    click(page, a11y, "button", "Publicar comentario", wait=CONVERSATION)
    expect(page.get_by_text("Comentario publicado.")).to_be_visible()
    first = page.get_by_test_id("comment").first
    expect(first).to_contain_text("Paula Planeación")
    expect(first).to_contain_text("(en revisión)")
    # The line break typed is kept (innerText renders the <br> as a new line).
    assert first.locator(".comment-text").inner_text() == "¿La meta 2025 incluye las 20 viviendas?\nRevisen el costo."

    sign_in(page, a11y, lead)
    expect(page.get_by_test_id("unread-count")).to_have_text("1")
    click(page, a11y, "link", "Avisos", exact=False, wait="**/avisos/")  # the bell: «Avisos 1»
    click(page, a11y, "button", f"Nuevo comentario en el proyecto «{NAME}»", wait=CONVERSATION)
    page.get_by_label("Nuevo comentario").fill("Sí, las 20. El costo se ajustó.")
    click(page, a11y, "button", "Publicar comentario", wait=CONVERSATION)
    comments = page.get_by_test_id("comment")
    expect(comments).to_have_count(2)
    expect(comments.nth(1)).to_contain_text("Luis Líder")
    expect(comments.nth(1)).to_contain_text("Sí, las 20. El costo se ajustó.")
