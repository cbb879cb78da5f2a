"""A matrix sent to the Alcaldía is sealed: recomputed as of its data it gives the same cells, and
its difference with today shows the changed cell and the change in history that caused it."""
import datetime as dt
import hashlib
from decimal import Decimal

import pytest
import time_machine
from django.test import RequestFactory
from simple_history.models import HistoricalRecords

from isvimed_planning.workflow import DomainError
from monitoring import services
from monitoring.matrices.diff import compare
from monitoring.matrix_services import snapshot_generate
from monitoring.models import MatrixSnapshot, MatrixSubmission, ProgressReport, SealedError
from monitoring.submission_services import (
    check_request,
    check_run,
    file_matches,
    recompute_as_of,
    seal_matches,
    snapshot_send,
    submission_alter,
)
from projects.models import FundingSource
from tests.matrices.builders import CUTOFF
from tests.monitoring.builders import add_evidence

SEALED = "Una matriz enviada no se puede modificar ni eliminar: queda como se envió."
GENERATED = dt.datetime(2025, 7, 10, 15, 0, tzinfo=dt.UTC)
SENT = dt.datetime(2025, 7, 10, 16, 30, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def as_user():
    """Changes made as a signed-in user (what HistoryRequestMiddleware does for a request)."""

    def use(user):
        request = RequestFactory().get("/")
        request.user = user
        HistoricalRecords.context.request = request

    yield use
    if hasattr(HistoricalRecords.context, "request"):
        del HistoricalRecords.context.request


def sent_matrix(kind, planner) -> MatrixSubmission:
    with time_machine.travel(GENERATED, tick=False):
        snapshot = MatrixSnapshot.objects.create(kind=kind, year=2025, cutoff=CUTOFF, requested_by=planner)
        snapshot_generate(snapshot_id=snapshot.pk)
    snapshot.refresh_from_db()
    with time_machine.travel(SENT + dt.timedelta(minutes=1), tick=False):
        return snapshot_send(
            snapshot=snapshot, by=planner, recipient="Departamento Administrativo de Planeación",
            channel="email", sent_at=SENT, note="Corte de junio",
        )


def correct_january_report(data, *, lead, planner, as_user):
    """A correction of Proyecto A's January report: reopened, committed 300 → 320 millions (the 20 more
    city-wide), approved."""
    report = ProgressReport.objects.get(project=data.a, year=2025, month=1)
    with time_machine.travel(dt.datetime(2025, 7, 20, 14, 0, tzinfo=dt.UTC), tick=False):
        as_user(planner)
        services.report_reopen(report=report, by=planner, comment="Corrección del comprometido")
        report.refresh_from_db()
        as_user(lead)
        services.report_update(
            report=report, by=lead, version=report.version, committed=Decimal("320000000"),
            obligated=report.obligated, paid=report.paid, achievements="Corrección del comprometido de enero.",
            quantities={pp.product_id: pp.quantity for pp in report.product_progress.all()},
            territories={0: (Decimal("120000000"), 0), 3: (Decimal("200000000"), 40)},
            sources={
                FundingSource.objects.get(name="Recursos propios").pk: (Decimal("220000000"), Decimal("60000000"), Decimal("30000000")),
                FundingSource.objects.get(name="SGP").pk: (Decimal("100000000"), Decimal("40000000"), Decimal("20000000")),
            },
        )
        add_evidence(report, by=lead)
        report.refresh_from_db()
        services.report_submit(report=report, by=lead)
        report.refresh_from_db()
        as_user(planner)
        services.report_approve(report=report, by=planner)


def test_sent_matrix_recomputes_identically_after_a_correction_and_shows_the_changed_cell(data, planner, lead, as_user):
    submission = sent_matrix("plan-accion", planner)
    with submission.file.open("rb") as f:
        assert hashlib.sha256(f.read()).hexdigest() == submission.sha256
    assert file_matches(submission) and seal_matches(submission)
    assert (submission.recipient, submission.channel, submission.sent_by, submission.sent_at) == (
        "Departamento Administrativo de Planeación", "email", planner, SENT)
    assert submission.data_marks and len(submission.data_version) == 16

    correct_january_report(data, lead=lead, planner=planner, as_user=as_user)

    from monitoring.submission_services import _sent_cells
    as_of, rewind = recompute_as_of(submission)
    assert compare(_sent_cells(submission), as_of) == []
    assert rewind.gaps == [] and rewind.restored > 0
    # The rewind was rolled back: the data of today are untouched.
    assert ProgressReport.objects.get(project=data.a, year=2025, month=1).committed == Decimal("320000000")

    check = check_request(submission=submission, by=planner)
    check = check_run(check_id=check.pk)
    assert check.state == "done"
    result = check.result
    assert result["same"] is True and result["file_ok"] is True
    committed = [c for c in result["changes"] if c["header"] == "Comprometido" and c["sheet"] == "Proyectos"]
    assert len(committed) == 1
    change = committed[0]
    assert (change["row_label"], change["old"], change["new"], change["change"]) == (
        "20250010", 500000000, 520000000, "cambió")
    causes = [result["history"][i] for i in change["causes"]]
    report_changes = [c for c in causes if c["model"] == "reporte mensual" and "comprometido" in c["fields"]]
    assert [(c["object"], c["type"], c["by"], c["at"]) for c in report_changes] == [
        ("20250010 Proyecto A 01/2025", "modificado", lead.display_name, "2025-07-20T14:00:00+00:00")]
    approval = [c for c in causes if c["model"] == "reporte mensual" and "estado" in c["fields"] and c["by"] == planner.display_name]
    assert len(approval) == 2  # reopened, then approved again
    # The other project's row did not change.
    assert not [c for c in result["changes"] if c["row_label"] == "2025011" and c["sheet"] == "Proyectos"]


def test_a_sent_matrix_cannot_be_altered(data, planner):
    submission = sent_matrix("georreferenciacion", planner)
    submission.recipient = "Otro"
    with pytest.raises(SealedError) as exc:
        submission.save()
    assert exc.value.message == SEALED
    with pytest.raises(SealedError):
        submission.delete()
    with pytest.raises(SealedError):
        MatrixSubmission.objects.filter(pk=submission.pk).update(recipient="Otro")
    with pytest.raises(SealedError):
        MatrixSubmission.objects.filter(pk=submission.pk).delete()
    with pytest.raises(DomainError) as exc:
        submission_alter(submission=submission, recipient="Otro")
    assert exc.value.message == SEALED
    submission.refresh_from_db()
    assert submission.recipient == "Departamento Administrativo de Planeación"


def test_a_change_made_outside_the_application_breaks_the_seal(data, planner):
    from django.db import connection

    submission = sent_matrix("plan-indicativo", planner)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE monitoring_matrixsubmission SET recipient = %s WHERE id = %s", ["Otro", submission.pk])
    submission.refresh_from_db()
    assert not seal_matches(submission)


def test_the_stored_file_is_a_copy_never_the_snapshot_file(data, planner):
    submission = sent_matrix("plan-indicativo", planner)
    assert submission.file.name != submission.snapshot.file.name
    assert submission.file.name.startswith("matrices/enviadas/2025/")
    second = snapshot_send(snapshot=submission.snapshot, by=planner, recipient="Contraloría", channel="oficio",
                           sent_at=SENT + dt.timedelta(hours=1))
    assert second.sha256 == submission.sha256 and second.file.name != submission.file.name


def test_a_stored_file_changed_behind_the_application_no_longer_matches_its_hash(data, planner, media, login):
    submission = sent_matrix("plan-indicativo", planner)
    assert file_matches(submission)
    (media / submission.file.name).write_bytes(b"PK\x03\x04 otra cosa")
    assert not file_matches(submission)
    page = login(planner).get(f"/seguimiento/matrices/enviadas/{submission.pk}/").content.decode()
    assert "No coincide con su SHA-256" in page
