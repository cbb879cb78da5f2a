"""Legal terms (Ley 1755 de 2015, art. 14) on the real Colombian calendar: business days counted
from the day after receipt, skipping weekends, public holidays and institutional days off.
Every expected date is worked out by hand in the comment next to it."""
import datetime as dt

import pytest

from accountability import services
from isvimed_planning.models import NonWorkingDay

pytestmark = pytest.mark.django_db

D = dt.date


def due(received, kind):
    return services.legal_due_date(received_on=received, kind=kind)


def test_received_friday_before_easter_skips_holy_thursday_and_good_friday():
    # Fri 27/03/2026. Days: 30, 31/03, 01/04 (1-3); 02/04 Jueves Santo and 03/04 Viernes Santo
    # are holidays; 06-10/04 (4-8), 13-17/04 (9-13), 20/04 (14), 21/04 (15).
    assert due(D(2026, 3, 27), "general") == D(2026, 4, 21)
    # Documents, 10 days: 30, 31/03, 01/04, 06-10/04 (4-8), 13/04 (9), 14/04 (10).
    assert due(D(2026, 3, 27), "documents") == D(2026, 4, 14)


def test_received_the_day_before_a_monday_holiday():
    # Sun 07/06/2026 (web portal), the day before Mon 08/06 Corpus Christi: count from Tue 09/06:
    # 09-12/06 (1-4); Mon 15/06 Sagrado Corazón is a holiday; 16-19/06 (5-8), 22/06 (9), 23/06 (10).
    assert due(D(2026, 6, 7), "documents") == D(2026, 6, 23)
    # Fri 15/05/2026, before Mon 18/05 Ascensión: 19-22/05 (1-4), 25-29/05 (5-9),
    # 01-05/06 (10-14); Mon 08/06 Corpus Christi is a holiday; 09/06 (15).
    assert due(D(2026, 5, 15), "general") == D(2026, 6, 9)


def test_received_on_a_holiday():
    # Mon 23/03/2026, San José (holiday): count from Tue 24/03: 24-27/03 (1-4), 30/03-01/04 (5-7),
    # 02-03/04 holidays, 06-10/04 (8-12), 13-15/04 (13-15).
    assert due(D(2026, 3, 23), "general") == D(2026, 4, 15)


def test_consultation_over_christmas_and_new_year():
    # Tue 08/12/2026, Inmaculada Concepción (holiday). 30 days: 09-11/12 (1-3), 14-18/12 (4-8),
    # 21-24/12 (9-12), 25/12 holiday, 28-31/12 (13-16), 01/01/2027 holiday, 04-08/01 (17-21),
    # Mon 11/01/2027 Reyes (moved) holiday, 12-15/01 (22-25), 18-22/01 (26-30).
    assert due(D(2026, 12, 8), "consultation") == D(2027, 1, 22)


def test_an_institutional_non_working_day_moves_the_due_date():
    # As in the Easter case (21/04/2026), with Wed 01/04/2026 declared a day off by the institute:
    # one business day less before Easter, so the term ends one business day later, Wed 22/04.
    NonWorkingDay.objects.create(date=D(2026, 4, 1), description="Jornada de bienestar")
    assert due(D(2026, 3, 27), "general") == D(2026, 4, 22)


def test_a_non_working_day_outside_the_term_changes_nothing():
    NonWorkingDay.objects.create(date=D(2026, 4, 22), description="Día del servidor")
    assert due(D(2026, 3, 27), "general") == D(2026, 4, 21)


def test_registering_a_request_stores_its_legal_due_date(planner):
    req = services.request_register(
        by=planner, filing_number="RAD-2026-0100", requester_name="Junta de Acción Comunal Pajarito",
        requester_kind="citizen", channel="physical", received_on=D(2026, 3, 27), kind="general",
        subject="Avance del proyecto de vivienda nueva",
    )
    assert req.due_date == D(2026, 4, 21)
    assert req.state == "received"
