"""Live ANS, step 4.7: a commitment made to the Concejo opens its clock on /ans/ at once;
recording its delivery completes it at once."""
import datetime as dt

import time_machine

from accountability import services
from accountability.models import CouncilSession

from .builders import ans_row

NOW = dt.datetime(2025, 4, 10, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5)))


@time_machine.travel(NOW, tick=False)
def test_a_commitment_and_its_delivery_show_at_once(login, planner, director, committed):
    page = login(director)
    session = CouncilSession.objects.create(date=dt.date(2025, 4, 1), kind="ordinary", subject="Debate de control")
    with committed():
        commitment = services.commitment_add(
            by=planner, session=session, description="Enviar el informe de subsidios", due_date=dt.date(2025, 5, 1),
            responsible=planner,
        )
    assert ans_row(page, "council_commitment") == {"open": 1, "at_risk": 0, "overdue": 0, "done": 0}

    with committed():
        services.commitment_deliver(by=planner, commitment=commitment, delivered_on=dt.date(2025, 4, 10))
    assert ans_row(page, "council_commitment") == {"open": 0, "at_risk": 0, "overdue": 0, "done": 1}
