"""The platform goes draft → approved by the director; approved is read-only; new versions copy it."""
import pytest
from django.urls import reverse

from isvimed_planning.models import Notice
from isvimed_planning.workflow import DomainError
from strategy import services
from strategy.models import StrategicPlatform
from tests.strategy.builders import approve, plan_with_platform


@pytest.fixture
def platform(db):
    plan, platform = plan_with_platform(mission="Vivienda digna para Medellín", vision="Ser referente en 2027")
    platform.stakeholders.create(name="Hogares", expectations="Subsidios oportunos")
    platform.challenges.create(name="Déficit cualitativo")
    platform.dimensions.create(name="Hábitat")
    return platform


def test_director_approves_and_planners_are_told(platform, planner, director):
    approve(platform, director)
    platform.refresh_from_db()
    assert platform.state == "approved" and platform.approved_by == director and platform.approved_at
    notice = Notice.objects.get(recipient=planner)
    assert notice.title == "Plataforma estratégica v1 aprobada"


def test_planner_cannot_approve(platform, planner):
    with pytest.raises(DomainError) as info:
        services.platform_approve(platform=platform, by=planner)
    assert info.value.message == "Su rol no permite «aprobar»."


def test_approved_version_is_read_only(platform, planner, director, login):
    approve(platform, director)
    with pytest.raises(DomainError) as info:
        services.platform_update(platform=platform, by=planner, mission="Otra")
    assert info.value.message == (
        "Esta versión de la plataforma está aprobada y no se puede modificar; cree una nueva versión."
    )
    client = login(planner)
    assert client.post(reverse("strategy:platform_edit", args=[platform.pk]), {"mission": "Otra"}).status_code == 403
    item = platform.stakeholders.get()
    url = reverse("strategy:platform_item_delete", args=[platform.pk, "grupos", item.pk])
    client.post(url)
    platform.refresh_from_db()
    assert platform.mission == "Vivienda digna para Medellín" and platform.stakeholders.count() == 1
    page = client.get(reverse("strategy:platform", args=[platform.pk])).content.decode()
    assert "Editar textos" not in page and "Esta versión está aprobada y es de solo lectura." in page


def test_new_version_is_a_draft_copy_with_its_lists(platform, planner, director, login):
    approve(platform, director)
    response = login(planner).post(reverse("strategy:platform_new_version", args=[platform.plan_id]))
    draft = StrategicPlatform.objects.get(version=2)
    assert response.status_code == 302 and response["Location"] == reverse("strategy:platform", args=[draft.pk])
    assert draft.state == "draft" and draft.based_on == platform and draft.created_by == planner
    assert draft.mission == platform.mission and draft.vision == platform.vision
    assert [(s.name, s.expectations) for s in draft.stakeholders.all()] == [("Hogares", "Subsidios oportunos")]
    assert list(draft.challenges.values_list("name", flat=True)) == ["Déficit cualitativo"]
    assert list(draft.dimensions.values_list("name", flat=True)) == ["Hábitat"]
    # Editing the copy leaves the approved version untouched.
    services.platform_item_save(platform=draft, by=planner, kind="stakeholders", item=draft.stakeholders.get(),
                                name="Hogares", expectations="Subsidios y acompañamiento")
    assert platform.stakeholders.get().expectations == "Subsidios oportunos"


def test_only_one_draft_at_a_time(platform, planner):
    with pytest.raises(DomainError) as info:
        services.platform_new_version(plan=platform.plan, by=planner)
    assert info.value.message == (
        "Ya hay una versión en borrador de la plataforma; termínela o apruébela antes de crear otra."
    )


def test_compare_shows_each_changed_field_and_list_side_by_side(platform, planner, director, login):
    approve(platform, director)
    draft = services.platform_new_version(plan=platform.plan, by=planner)
    services.platform_update(platform=draft, by=planner, mission="Vivienda digna y hábitat sostenible")
    services.platform_item_save(platform=draft, by=planner, kind="challenges", name="Reasentamiento", description="")
    url = reverse("strategy:platform_compare", args=[platform.plan_id]) + f"?a={platform.pk}&b={draft.pk}"
    response = login(planner).get(url)
    texts = {d.label: d for d in response.context["texts"]}
    assert texts["Misión"].changed and not texts["Visión"].changed
    row = texts["Misión"].rows[0]
    assert (row.left, row.right, row.tag) == ("Vivienda digna para Medellín", "Vivienda digna y hábitat sostenible", "replace")
    lists = {d.label: d for d in response.context["lists"]}
    assert lists["Retos"].changed and not lists["Grupos de interés"].changed
    assert [(r.left, r.right) for r in lists["Retos"].rows] == [("Déficit cualitativo", "Déficit cualitativo"), ("", "Reasentamiento")]
    html = response.content.decode()
    assert "Versión 1" in html and "Versión 2" in html and "Reasentamiento" in html
