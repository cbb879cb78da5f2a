"""The reminder before the report deadline tells each lead their open findings of the cuadre at
the period's cutoff (counts per severity and up to five lines with message and link), and not
another lead's; the cuadre is computed once for every reminder."""
from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from isvimed_planning.models import Notice
from isvimed_planning.tasks import send_notice_emails
from monitoring import cuadre_services, monthly_cycle
from monitoring.cuadre import compute
from monitoring.cuadre.base import Actor, Rule, Severity
from monitoring.models import CuadreRun, ProgressReport
from tests import factories

from .ui_builders import finding, use_findings

pytestmark = pytest.mark.django_db


@pytest.fixture
def executing(lead, lead2):
    a = factories.funded(factories.project(lead=lead, state="in_execution", name="Proyecto A"), 2025)
    a2 = factories.funded(factories.project(lead=lead, state="in_execution", name="Proyecto A2"), 2025)
    b = factories.funded(factories.project(lead=lead2, state="in_execution", name="Proyecto B"), 2025)
    return a, a2, b


def test_the_reminder_carries_the_leads_own_open_findings(executing, planner, lead, lead2, monkeypatch, settings):
    settings.SITE_URL = "https://planeacion.isvimed.test"
    a, a2, b = executing
    findings = [
        finding("CU05", project=a, message="Falta el reporte de febrero de Proyecto A."),
        finding("CU01", project=a2, message="Avance sin compromisos en Proyecto A2."),
        finding("CU13", project=a2, object_kind="product", object_id=5, message="Producto sin código MGA.",
                url="/proyectos/1/productos/5/"),
        finding("CU01", project=b, message="Avance sin compromisos en Proyecto B."),
    ]
    use_findings(monkeypatch, findings)
    monthly_cycle.run(today=dt.date(2025, 3, 1))
    run = cuadre_services.cuadre_now(year=2025, cutoff=dt.date(2025, 3, 31))
    cuadre_services.finding_justify(year=2025, rule="CU13", object_kind="product", object_id=5,
                                    comment="Código en trámite.", by=planner)
    calls = []
    original = cuadre_services.cuadre_now
    monkeypatch.setattr(cuadre_services, "cuadre_now", lambda **kw: calls.append(kw) or original(**kw))

    monthly_cycle.run(today=dt.date(2025, 4, 3))

    # Once for every reminder; a new run, since opening April's period changed the data it reads.
    assert len(calls) == 1 and CuadreRun.objects.latest("created_at") != run
    body = Notice.objects.get(kind="report_reminder", recipient=lead, key__endswith=f":{a.pk}").body
    assert body.endswith(
        "\n\nCuadre al 31/03/2025 de sus proyectos: 1 error, 1 alerta. Revíselos:\n"
        f"- [CU05] Proyecto A: Falta el reporte de febrero de Proyecto A. https://planeacion.isvimed.test/proyectos/{a.pk}/\n"
        f"- [CU01] Proyecto A2: Avance sin compromisos en Proyecto A2. https://planeacion.isvimed.test/proyectos/{a2.pk}/\n"
        "Todos: https://planeacion.isvimed.test/seguimiento/cuadre/?anio=2025&corte=2025-03-31"
    )
    assert "Proyecto B" not in body and "código MGA" not in body
    other = Notice.objects.get(kind="report_reminder", recipient=lead2).body
    assert "Avance sin compromisos en Proyecto B." in other and "Proyecto A" not in other


def test_a_lead_without_findings_gets_the_plain_reminder(executing, lead, lead2, monkeypatch):
    a, a2, b = executing
    use_findings(monkeypatch, [finding("CU05", project=a)])
    ProgressReport.objects.create(project=a, year=2025, month=3, state="submitted")
    ProgressReport.objects.create(project=a2, year=2025, month=3, state="submitted")
    monthly_cycle.run(today=dt.date(2025, 3, 1))
    monthly_cycle.run(today=dt.date(2025, 4, 3))
    notice = Notice.objects.get(kind="report_reminder")
    assert notice.recipient == lead2
    assert notice.body.endswith("Registre el avance físico y financiero con sus evidencias.")


def test_a_failing_check_does_not_stop_the_reminders(executing, lead, monkeypatch):
    def broken(ctx):
        raise RuntimeError("check roto")

    monkeypatch.setattr(compute, "RULES", (Rule("CU01", Severity.ALERT, "Rota", Actor.LEAD, broken),))
    monthly_cycle.run(today=dt.date(2025, 3, 1))
    monthly_cycle.run(today=dt.date(2025, 4, 3))
    assert Notice.objects.filter(kind="report_reminder").count() == 3
    assert not CuadreRun.objects.exists()


def test_the_e_mail_sent_has_the_findings(executing, lead, monkeypatch, django_capture_on_commit_callbacks):
    a, a2, b = executing
    use_findings(monkeypatch, [finding("CU05", project=a, message="Falta el reporte de febrero de Proyecto A.")])
    monthly_cycle.run(today=dt.date(2025, 3, 1))
    # The e-mails go out from the worker: run its task body here on what the cycle queued (a
    # setting for eager Celery is not read again once the app is configured by an earlier test).
    queued: list[list[int]] = []
    monkeypatch.setattr(send_notice_emails, "delay", lambda ids: queued.append(ids))
    with django_capture_on_commit_callbacks(execute=True):
        monthly_cycle.run(today=dt.date(2025, 4, 3))
    for ids in queued:
        send_notice_emails(ids)
    sent = [m for m in mail.outbox if m.to == [lead.email] and "Proyecto A (" in m.subject]
    assert sent and "Falta el reporte de febrero de Proyecto A." in sent[0].body
