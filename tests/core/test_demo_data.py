import datetime as dt

from django.core.management import call_command

from isvimed_planning.deadlines.models import DeadlineInstance
from monitoring.models import MatrixSnapshot, ProgressReport
from projects.models import Project
from strategy.models import DevelopmentPlan, Indicator
from tooling.demo import DEMO_PASSWORD, DEMO_USERS


def test_demo_builds_a_small_institute_once_and_every_role_can_log_in(db, client, time_machine, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    time_machine.move_to(dt.datetime(2026, 11, 24, 9, 0))
    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)  # idempotent: nothing doubles

    assert DevelopmentPlan.objects.count() == 1
    assert Indicator.objects.count() == 11
    assert Project.objects.count() == 12
    # A year of monthly reports: November 2025 to October 2026 approved, November 2026 in progress.
    approved = ProgressReport.objects.filter(state="approved")
    assert approved.count() == 12 * 12
    assert set(approved.values_list("year", "month").distinct()) == {(2025, 11), (2025, 12)} | {(2026, m) for m in range(1, 11)}
    # The monthly totals the matrices read are made from those reports, exactly.
    from monitoring import totals
    from monitoring.models import IndicatorMonthTotal

    assert IndicatorMonthTotal.objects.filter(year=2026).exists()
    assert totals.compare() == []
    # The ANS clocks run from the start: every project's formulation was registered on time.
    assert DeadlineInstance.objects.filter(step="project", state="done_on_time").count() == 12
    # The matrices of every past cutoff were sent on time (4 per month, November 2025 to October 2026).
    assert MatrixSnapshot.objects.filter(state="done").count() == 4 * 12
    assert DeadlineInstance.objects.filter(step="monitoring", state="done_on_time").count() == 12
    # Reports of projects with several sources are split by source, adding up to the report: the
    # dashboard lists no project as needing a split.
    from monitoring import sources

    assert sources.needs_split() == []
    split = [r for r in ProgressReport.objects.prefetch_related("source_execution") if r.source_execution.all()]
    assert split
    for report in split:
        rows = report.source_execution.all()
        assert sum(r.committed for r in rows) == report.committed
        assert sum(r.obligated for r in rows) == report.obligated
        assert sum(r.paid for r in rows) == report.paid
    for username, *_ in DEMO_USERS:
        assert client.login(username=username, password=DEMO_PASSWORD), username
        client.logout()
    # A report under review carries a conversation between Planeación and its lead.
    from monitoring.models import ReportComment

    talk = list(ReportComment.objects.select_related("report", "author"))
    assert [c.author.username for c in talk] == ["planeacion", talk[0].report.project.lead.username]
    assert talk[0].report.state == "submitted"
    # The Director's home queue holds the accountability report the planner sent for approval.
    client.login(username="direccion", password=DEMO_PASSWORD)
    home = client.get("/").content.decode()
    assert '<a href="/rendicion/informes/?estado=awaiting">1 informe de rendición de cuentas por aprobar</a>' in home
