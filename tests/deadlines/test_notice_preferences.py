"""Notices reach users in the app always and by e-mail unless they chose not to for that kind;
the choice is made on the preferences page."""
import datetime as dt

import time_machine
from django.conf import settings
from django.utils import timezone

from isvimed_planning.deadlines.services import sweep
from isvimed_planning.models import Notice, NoticePreference
from isvimed_planning.tasks import resend_pending_emails

from .builders import formulating_project


def _at_risk_sweep(django_capture_on_commit_callbacks):
    with time_machine.travel(dt.datetime(2025, 3, 28, 12, 0), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            sweep()


def test_the_lead_gets_the_at_risk_notice_by_e_mail_with_a_link_to_the_project(
    lead, planner, eager_tasks, mailoutbox, django_capture_on_commit_callbacks
):
    project = formulating_project(lead=lead, started=dt.date(2025, 3, 3))
    _at_risk_sweep(django_capture_on_commit_callbacks)
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["lider1@isvimed.test"], "[ISVIMED Planeación] ANS en riesgo: Proyecto Vivienda digna")
    ]
    assert f"{settings.SITE_URL.rstrip('/')}/proyectos/{project.pk}/" in mailoutbox[0].body


def test_a_lead_who_turned_e_mail_off_for_at_risk_notices_only_sees_it_in_the_app(
    lead, planner, login, eager_tasks, mailoutbox, django_capture_on_commit_callbacks
):
    client = login(lead)
    page = client.get("/ans/avisos/preferencias/").content.decode()
    assert "ANS en riesgo (a quien es responsable)" in page
    response = client.post("/ans/avisos/preferencias/", {"email": ["ans_overdue", "report_reminder"]}, follow=True)
    assert "Preferencias de avisos guardadas." in response.content.decode()
    assert NoticePreference.objects.get(user=lead, kind="ans_at_risk").email is False
    assert NoticePreference.objects.get(user=lead, kind="ans_overdue").email is True

    formulating_project(lead=lead, started=dt.date(2025, 3, 3))
    _at_risk_sweep(django_capture_on_commit_callbacks)
    assert mailoutbox == []
    assert Notice.objects.filter(recipient=lead, kind="ans_at_risk", emailed_at__isnull=True).count() == 1
    home = client.get("/").content.decode()
    assert 'data-testid="unread-count">1<' in home


def test_the_preferences_page_shows_what_was_saved(lead, login):
    client = login(lead)
    client.post("/ans/avisos/preferencias/", {"email": ["ans_overdue"]})
    page = client.get("/ans/avisos/preferencias/").content.decode()
    assert 'name="email" value="ans_overdue" checked' in page
    assert 'name="email" value="ans_at_risk">' in page


def test_the_preferences_page_needs_a_login(client, db):
    assert client.get("/ans/avisos/preferencias/").status_code == 302


def test_a_notice_whose_e_mail_was_never_queued_is_sent_by_the_next_sweep_once(lead, eager_tasks, mailoutbox):
    notice = Notice.objects.create(recipient=lead, kind="project", key="k1", title="Proyecto aprobado", url="/proyectos/")
    Notice.objects.filter(pk=notice.pk).update(created_at=timezone.now() - dt.timedelta(hours=1))
    assert resend_pending_emails() == 1
    assert resend_pending_emails() == 0
    assert [m.subject for m in mailoutbox] == ["[ISVIMED Planeación] Proyecto aprobado"]


def test_the_notice_list_links_to_the_preferences(lead, login):
    page = login(lead).get("/avisos/").content.decode()
    assert '<a href="/ans/avisos/preferencias/">Elegir qué avisos recibir por correo</a>' in page
