"""A lead saves a month reported in many territories: the save costs the same few statements
whether three territories changed or twelve, and every changed row keeps its history (who, the
new value)."""
from django.db import connection
from django.test.utils import CaptureQueriesContext

from isvimed_planning.models import Territory
from monitoring.models import ProductProgress, TerritorialDistribution
from tests.monitoring.builders import edit_data, report, reporting_project


def _saved_in_territories(client, lead, count: int, *, name: str):
    codes = list(Territory.objects.order_by("code").values_list("code", flat=True)[:count])
    assert len(codes) == count
    rep = report(
        reporting_project(lead=lead, name=name), committed="1200000",
        territories={code: ("1200000" if i == 0 else "0") for i, code in enumerate(codes)},
    )
    changes = {f"terr_beneficiaries_{code}": str(10 + i) for i, code in enumerate(codes)}
    product = ProductProgress.objects.get(report=rep).product_id
    changes[f"qty_{product}"] = "7"
    with CaptureQueriesContext(connection) as queries:
        response = client.post(f"/seguimiento/reportes/{rep.pk}/editar/", edit_data(rep, **changes))
    assert response.status_code == 302, response.content.decode()[:2000]
    return rep, codes, len(queries)


def test_a_save_costs_the_same_statements_for_three_territories_or_twelve(login, lead):
    client = login(lead)
    _, _, three = _saved_in_territories(client, lead, 3, name="Proyecto en tres comunas")
    _, _, twelve = _saved_in_territories(client, lead, 12, name="Proyecto en doce comunas")
    assert twelve == three


def test_every_changed_row_keeps_its_history_with_who_changed_it(login, lead):
    rep, codes, _ = _saved_in_territories(login(lead), lead, 5, name="Proyecto en cinco comunas")
    for i, code in enumerate(codes):
        place = TerritorialDistribution.objects.get(report=rep, territory_id=code)
        assert place.beneficiaries == 10 + i
        last = place.history.order_by("-history_id").first()
        assert (last.history_type, last.beneficiaries, last.history_user) == ("~", 10 + i, lead)
        assert place.history.count() == 2  # created, then changed once
    progress = ProductProgress.objects.get(report=rep)
    assert progress.quantity == 7
    last = progress.history.order_by("-history_id").first()
    assert (last.history_type, last.quantity, last.history_user) == ("~", 7, lead)
