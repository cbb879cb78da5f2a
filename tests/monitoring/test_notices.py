"""Planners hear of a submitted report; the lead hears of a return (with its comment) and an approval."""
from isvimed_planning.models import Notice
from monitoring import services
from tests.monitoring.builders import report, reporting_project


def test_submit_notifies_planners_and_return_approve_notify_the_lead(planner, lead, lead2):
    rep = report(reporting_project(lead=lead, name="Mejoramientos en Robledo"), month=3)
    services.report_submit(report=rep, by=lead)
    notice = Notice.objects.get(recipient=planner)
    assert notice.title == "Reporte 03/2025 de «Mejoramientos en Robledo» enviado a revisión"
    assert notice.url == f"/seguimiento/reportes/{rep.pk}/"
    assert not Notice.objects.filter(recipient=lead).exists()

    services.report_return(report=rep, by=planner, comment="Falta el acta de entrega de marzo.")
    notice = Notice.objects.get(recipient=lead)
    assert notice.title == "Reporte 03/2025 de «Mejoramientos en Robledo» devuelto con observaciones"
    assert "Falta el acta de entrega de marzo." in notice.body

    services.report_submit(report=rep, by=lead)
    services.report_approve(report=rep, by=planner)
    titles = list(Notice.objects.filter(recipient=lead).order_by("id").values_list("title", flat=True))
    assert titles[-1] == "Reporte 03/2025 de «Mejoramientos en Robledo» aprobado por Planeación"
    assert Notice.objects.filter(recipient=planner).count() == 2
    assert not Notice.objects.filter(recipient=lead2).exists()


def test_reopen_notifies_the_lead_with_the_reason(planner, lead):
    rep = report(reporting_project(lead=lead, name="Titulación"), state="approved", month=2)
    services.report_reopen(report=rep, by=planner, comment="Ajuste del pagado.")
    notice = Notice.objects.get(recipient=lead)
    assert notice.title == "Reporte 02/2025 de «Titulación» reabierto por Planeación"
    assert "Ajuste del pagado." in notice.body
