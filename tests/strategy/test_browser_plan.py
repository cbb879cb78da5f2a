"""In a real browser: a planner builds the plan, the director approves, a reader only reads."""
import pytest

from strategy.models import AnnualTarget, Component, Indicator, Program, StrategicLine, StrategicPlatform
from tests import factories
from tests.conftest import browser_login

pytestmark = pytest.mark.browser

LINES = [("1", "Vivienda digna"), ("2", "Hábitat sostenible")]
COMPONENTS = [("1", "1.1", "Vivienda nueva"), ("1", "1.2", "Mejoramiento de vivienda"), ("2", "2.1", "Entornos")]
PROGRAMS = [
    ("1.1", "1.1.1", "Vivienda nueva urbana"), ("1.1", "1.1.2", "Vivienda nueva rural"),
    ("1.2", "1.2.1", "Mejoramientos"), ("2.1", "2.1.1", "Titulación"), ("2.1", "2.1.10", "Reasentamiento"),
]


def _node(page, code):
    return page.locator(f"[id='n-{code}']")


def _save(page, name="Guardar"):
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state()


def _add_indicator(page, program_code, n, *, code=None):
    _node(page, program_code).get_by_role("link", name="Nuevo indicador").first.click()
    page.get_by_label("Código", exact=True).fill(code or f"{program_code}.{n}")
    page.get_by_label("Nombre del indicador").fill(f"Indicador {n} del programa {program_code}")
    page.get_by_label("Tipo").select_option("product" if n % 2 else "result")
    page.get_by_label("Unidad de medida").fill("Viviendas" if n % 2 else "Hogares")
    page.get_by_label("Sentido").select_option("increase")
    page.get_by_label("Línea base (valor)").fill(str(10 * n))
    page.get_by_label("Meta del cuatrienio").fill("400")
    page.get_by_label("Ponderación en el programa (%)").fill("25")
    page.get_by_label("Dependencia responsable").select_option(label="Subdirección de Dotación de Vivienda")
    for i, year in enumerate(range(2024, 2028)):
        page.get_by_label(f"Meta {year}", exact=True).fill(str(100 * (i + 1) + n))
    _save(page, "Guardar indicador")


def test_planner_builds_director_approves_reader_only_reads(page, planner, director, reader):
    factories.org_unit()  # reference data kept by the administrator
    base = page.base_url

    # --- The planner builds the plan and its platform -----------------------------------
    browser_login(page, planner)
    page.goto("/estrategia/")
    page.get_by_role("link", name="Nuevo plan de desarrollo").click()
    page.get_by_label("Nombre del plan").fill("Medellín Te Quiere")
    page.get_by_label("Primer año del cuatrienio").fill("2024")
    page.get_by_label("Acuerdo que lo adopta").fill("Acuerdo 01 de 2024")
    _save(page)
    assert page.get_by_text("Cuatrienio 2024–2027").is_visible()

    page.get_by_role("link", name="Plataforma estratégica", exact=True).click()
    page.get_by_role("link", name="Editar textos").click()
    page.get_by_label("Misión").fill("Garantizar el acceso a vivienda digna en Medellín.")
    page.get_by_label("Visión").fill("Ser en 2027 referente nacional en hábitat.")
    page.get_by_label("Valores").fill("Transparencia\nServicio")
    _save(page)
    page.get_by_role("link", name="Agregar grupo de interés").click()
    page.get_by_label("Grupo de interés").fill("Hogares vulnerables")
    page.get_by_label("Qué espera del Instituto").fill("Subsidios oportunos")
    _save(page)
    page.get_by_role("link", name="Agregar reto").click()
    page.get_by_label("Reto").fill("Reducir el déficit cuantitativo")
    _save(page)
    page.get_by_role("link", name="Agregar dimensión").click()
    page.get_by_label("Dimensión").fill("Territorial")
    _save(page)
    assert page.get_by_text("Subsidios oportunos").is_visible()

    page.goto("/estrategia/")
    for code, name in LINES:
        page.get_by_role("link", name="Nueva línea").click()
        page.get_by_label("Código", exact=True).fill(code)
        page.get_by_label("Nombre").fill(name)
        _save(page)
    for line_code, code, name in COMPONENTS:
        _node(page, line_code).get_by_role("link", name="Nuevo componente").click()
        page.get_by_label("Código", exact=True).fill(code)
        page.get_by_label("Nombre").fill(name)
        _save(page)
    for comp_code, code, name in PROGRAMS:
        _node(page, comp_code).get_by_role("link", name="Nuevo programa").click()
        page.get_by_label("Código", exact=True).fill(code)
        page.get_by_label("Nombre").fill(name)
        _save(page)
    for _, program_code, _ in PROGRAMS:
        for n in range(1, 5):
            _add_indicator(page, program_code, n)

    # A duplicate code is refused next to the field, and nothing is saved.
    _add_indicator(page, "1.1.1", 9, code="1.1.1.1")
    error = page.locator("#id_code_error")
    assert error.inner_text() == "Ya existe un indicador con el código «1.1.1.1» en este plan."
    assert page.get_by_label("Código", exact=True).input_value() == "1.1.1.1"
    page.get_by_role("link", name="Cancelar").click()

    assert StrategicLine.objects.count() == 2 and Component.objects.count() == 3 and Program.objects.count() == 5
    assert Indicator.objects.count() == 20 and AnnualTarget.objects.count() == 80
    # Natural order in the tree: 2.1.1 before 2.1.10, and each program's weights sum to 100.
    html = page.content()
    assert html.index("Indicador 4 del programa 2.1.1") < html.index("Indicador 1 del programa 2.1.10")
    assert page.get_by_test_id("weights-1.1.1").inner_text() == "100 %"
    assert page.get_by_text("Las ponderaciones deben sumar 100 %").count() == 0

    # --- The director approves the platform ---------------------------------------------
    page.context.clear_cookies()
    browser_login(page, director)
    page.goto("/estrategia/")
    page.get_by_role("link", name="Plataforma estratégica", exact=True).click()
    assert page.get_by_role("link", name="Editar textos").count() == 0
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Aprobar versión 1").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("platform-state").inner_text() == "Aprobada"
    platform = StrategicPlatform.objects.get()
    assert platform.state == "approved" and platform.approved_by == director

    # --- A reader sees it all and can change nothing ------------------------------------
    page.context.clear_cookies()
    browser_login(page, reader)
    page.goto("/estrategia/")
    for _, code, name in PROGRAMS:
        assert _node(page, code).get_by_role("heading", name=f"{code} {name}").is_visible()
    assert page.locator("table.indicators tbody tr").count() == 20
    cells = page.locator("[id='i-1.1.1.3'] td.num").all_inner_texts()
    assert cells[2:6] == ["103", "203", "303", "403"]  # the targets 2024–2027 typed by the planner
    for label in ("Nueva línea", "Nuevo componente", "Nuevo programa", "Nuevo indicador", "Editar", "Eliminar"):
        assert page.get_by_role("link", name=label).count() == 0
        assert page.get_by_role("button", name=label).count() == 0
    page.get_by_role("link", name="Indicador 1 del programa 1.1.1").click()
    assert page.get_by_test_id("target-2024").inner_text() == "101"
    assert page.get_by_role("link", name="Editar indicador").count() == 0
    page.goto("/estrategia/")
    page.get_by_role("link", name="Plataforma estratégica", exact=True).click()
    assert page.get_by_text("Garantizar el acceso a vivienda digna en Medellín.", exact=True).is_visible()
    assert page.get_by_role("button", name="Nueva versión").count() == 0
    assert page.get_by_role("link", name="Editar textos").count() == 0

    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    ind = Indicator.objects.get(code="1.1.1.1")
    program = Program.objects.get(code="1.1.1")
    attempts = [
        (f"/estrategia/indicadores/{ind.pk}/editar/", {"code": "1.1.1.1", "name": "Cambiado", "program": str(program.pk)}),
        (f"/estrategia/indicadores/{ind.pk}/eliminar/", {}),
        (f"/estrategia/planes/{program.plan_id}/lineas/nueva/", {"code": "3", "name": "Intrusa"}),
        (f"/estrategia/plataforma/{platform.pk}/aprobar/", {}),
        (f"/estrategia/planes/{program.plan_id}/plataforma/nueva-version/", {}),
    ]
    for url, form in attempts:
        response = page.request.post(base + url, form=form, headers={"X-CSRFToken": token})
        assert response.status == 403, url
        assert "CSRF" not in response.text()
    assert Indicator.objects.get(pk=ind.pk).name == "Indicador 1 del programa 1.1.1"
    assert StrategicLine.objects.count() == 2 and StrategicPlatform.objects.count() == 1
