"""Password reset e-mails are limited per typed e-mail and per address, with the same answer
whether or not an account has that e-mail."""
import datetime as dt
import re

import time_machine

LIMITED = "Se han pedido demasiados correos de recuperación. Por seguridad, espere 60 minutos e intente de nuevo."
URL = "/cuenta/contrasena/recuperar/"
START = dt.datetime(2026, 3, 10, 14, 0, tzinfo=dt.timezone.utc)


def _page(response, email):
    html = response.content.decode().replace(email, "EMAIL")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def test_a_fourth_request_for_one_email_within_the_hour_is_refused_and_sends_nothing(client, planner, mailoutbox):
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(3):
            assert client.post(URL, {"email": planner.email}, REMOTE_ADDR="198.51.100.1").status_code == 302
        response = client.post(URL, {"email": planner.email.upper()}, REMOTE_ADDR="198.51.100.2")

        assert response.status_code == 429
        assert LIMITED in response.content.decode()
        assert len(mailoutbox) == 3

        clock.shift(dt.timedelta(hours=1, seconds=1))
        assert client.post(URL, {"email": planner.email}).status_code == 302
    assert len(mailoutbox) == 4


def test_one_address_asking_for_many_emails_is_refused_after_ten(client, planner, mailoutbox):
    with time_machine.travel(START, tick=False):
        for n in range(9):
            assert client.post(URL, {"email": f"persona{n}@isvimed.test"}).status_code == 302
        assert client.post(URL, {"email": planner.email}).status_code == 302
        response = client.post(URL, {"email": planner.email}, REMOTE_ADDR="127.0.0.1")

    assert response.status_code == 429
    assert LIMITED in response.content.decode()
    assert len(mailoutbox) == 1


def test_the_limit_answers_the_same_for_an_email_with_no_account(client, planner, mailoutbox):
    with time_machine.travel(START, tick=False):
        answers = {}
        for email in (planner.email, "no-existe@isvimed.test"):
            codes = [client.post(URL, {"email": email}, REMOTE_ADDR=f"198.51.100.{i}").status_code for i in range(4)]
            limited = client.post(URL, {"email": email}, REMOTE_ADDR="198.51.100.9")
            answers[email] = (codes, limited.status_code, _page(limited, email))

    assert answers[planner.email] == answers["no-existe@isvimed.test"]
    assert answers[planner.email][0] == [302, 302, 302, 429]
