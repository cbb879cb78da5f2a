"""Live ANS: a change rolled back leaves the ANS as it was (no synchronisation, no instance); a
rolled-back part of a transaction does not stop the rest of it from being synchronised."""
import datetime as dt

import pytest
import time_machine
from django.db import transaction

from isvimed_planning.deadlines.models import DeadlineInstance
from projects.models import Project
from tests import factories

NOW = dt.datetime(2025, 5, 2, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5)))


class Refused(Exception):
    pass


@time_machine.travel(NOW, tick=False)
def test_a_rolled_back_transaction_changes_nothing(lead, committed):
    with committed() as callbacks:
        with pytest.raises(Refused), transaction.atomic():
            factories.project(lead=lead, name="Nunca guardado")
            raise Refused
    assert callbacks == []
    assert not Project.objects.exists()
    assert not DeadlineInstance.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_a_rolled_back_savepoint_does_not_lose_the_rest_of_the_transaction(lead, committed):
    with committed() as callbacks:
        with transaction.atomic():
            with pytest.raises(Refused), transaction.atomic():
                factories.project(lead=lead, name="Deshecho")
                raise Refused
            kept = factories.project(lead=lead, name="Guardado")
    assert len(callbacks) == 1
    assert list(DeadlineInstance.objects.filter(step="project").values_list("object_id", "title")) == [
        (kept.pk, "Proyecto Guardado")
    ]
