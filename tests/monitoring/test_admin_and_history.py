"""The reporting calendar and the reports in the Django admin (export), and the report page's
history of who changed what."""
from monitoring import services
from tests.monitoring.builders import allocate, edit_data, period, report, reporting_project


def test_administrator_lists_and_exports_follow_up_data(login, sysadmin, lead):
    sysadmin.is_superuser = True
    sysadmin.save()
    report(reporting_project(lead=lead, name="Proyecto exportado"))
    period(month=3)
    client = login(sysadmin)
    for url in ("/admin/monitoring/progressreport/", "/admin/monitoring/reportingperiod/",
                "/admin/monitoring/indicatormeasurement/"):
        assert client.get(url).status_code == 200, url
    page = client.get("/admin/monitoring/progressreport/").content.decode()
    assert "Proyecto exportado" in page
    export = client.get("/admin/monitoring/progressreport/export/")
    assert export.status_code == 200


def test_report_page_shows_who_changed_what(login, lead):
    rep = report(reporting_project(lead=lead))
    client = login(lead)
    client.post(f"/seguimiento/reportes/{rep.pk}/editar/", edit_data(rep, paid="300000"))
    page = client.get(f"/seguimiento/reportes/{rep.pk}/").content.decode()
    history = page.split('id="history-title"')[1]
    assert "Luis Líder" in history and "pagado" in history and "400000" in history.replace(".", "")


def test_opening_the_same_report_twice_gives_the_same_report(lead, monkeypatch):
    period(month=3)
    project = allocate(reporting_project(lead=lead)).project
    first = services.report_start(by=lead, project=project, year=2025, month=3)
    assert services.report_start(by=lead, project=project, year=2025, month=3) == first
    # A concurrent click that passed the "exists" check still ends on the same report.
    from monitoring.models import ProgressReport

    real_filter = ProgressReport.objects.filter
    calls = {"n": 0}

    def racing_filter(*args, **kwargs):
        calls["n"] += 1
        qs = real_filter(*args, **kwargs)
        return qs.none() if calls["n"] == 1 else qs

    monkeypatch.setattr(ProgressReport.objects, "filter", racing_filter)
    assert services.report_start(by=lead, project=project, year=2025, month=3) == first
    assert project.reports.count() == 1
