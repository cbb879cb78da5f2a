"""Sealed submissions of the matrices: mark a generated matrix as sent, a sent matrix's page (its
seal, its file's SHA-256, the check against its history and today's data), and the public list
of what was sent for each cutoff, where anyone verifies a file by its SHA-256."""
from __future__ import annotations

import datetime as dt
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from isvimed_planning import roles
from isvimed_planning.access import get_for_user, require_perm
from isvimed_planning.files import attachment_response
from isvimed_planning.workflow import DomainError

from .matrices.forms import SubmissionForm, VerifyHashForm
from .matrix_services import download_name
from .models import MatrixSubmission, SnapshotState, SubmissionCheck
from .submission_services import check_request, file_matches, normalize_hash, seal_matches, snapshot_send
from .views_matrices import visible_snapshots

PUBLIC_PAGE_SIZE = 100
SHOWN_CHANGES = 300


def visible_submissions(user):
    if not roles.may(user, "monitoring.read_matrices"):
        return MatrixSubmission.objects.none()
    return MatrixSubmission.objects.select_related("sent_by", "snapshot")


@login_required
@require_http_methods(["GET", "POST"])
def send(request, pk: int):
    snapshot = get_for_user(visible_snapshots(request.user), pk=pk)
    require_perm(request.user, "monitoring.send_matrices")
    form = SubmissionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            submission = snapshot_send(
                snapshot=snapshot, by=request.user, recipient=form.cleaned_data["recipient"],
                channel=form.cleaned_data["channel"], sent_at=form.sent_at(), note=form.cleaned_data["note"],
            )
        except DomainError as exc:
            field = "sent_date" if exc.field == "sent_at" else exc.field  # the form splits date and time
            form.add_error(field if field in form.fields else None, exc.message)
        else:
            messages.success(request, "La matriz quedó registrada como enviada y sellada.")
            return redirect("monitoring:submission_detail", pk=submission.pk)
    return render(
        request, "monitoring/matrices/send.html", {"form": form, "snapshot": snapshot},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def detail(request, pk: int):
    submission = get_for_user(visible_submissions(request.user), pk=pk)
    check = SubmissionCheck.objects.filter(submission=submission).select_related("requested_by").first()
    result = check.result if check and check.state == SnapshotState.DONE else {}
    # Times of the history records are kept in UTC (ISO); shown in Bogotá like every other time.
    history = [{**h, "at": dt.datetime.fromisoformat(h["at"])} for h in result.get("history", [])]
    changes = [
        {**change, "cause_records": [history[i] for i in change.get("causes", []) if i < len(history)]}
        for change in result.get("changes", [])[:SHOWN_CHANGES]
    ]
    return render(request, "monitoring/matrices/submission.html", {
        "submission": submission, "check": check, "result": result, "changes": changes,
        "running": check is not None and check.state in (SnapshotState.QUEUED, SnapshotState.RUNNING),
        "seal_ok": seal_matches(submission), "file_ok": file_matches(submission),
        "can_check": roles.may(request.user, "monitoring.generate_matrices"),
        "more_changes": max(0, result.get("changes_total", 0) - len(changes)),
    })


@login_required
@require_POST
def check(request, pk: int):
    submission = get_for_user(visible_submissions(request.user), pk=pk)
    require_perm(request.user, "monitoring.generate_matrices")
    try:
        check_request(submission=submission, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Se está recalculando la matriz a la fecha de sus datos.")
    return redirect("monitoring:submission_detail", pk=submission.pk)


@login_required
@require_GET
def check_progress(request, pk: int):
    submission = get_for_user(visible_submissions(request.user), pk=pk)
    check = SubmissionCheck.objects.filter(submission=submission).first()
    state = check.state if check else SnapshotState.DONE
    labels: dict[str, str] = {
        SnapshotState.QUEUED: "En cola…",
        SnapshotState.RUNNING: f"Recalculando… {check.progress if check else 0} %",
        SnapshotState.DONE: "Verificación lista",
        SnapshotState.FAILED: (check.error if check else "") or "La verificación falló.",
    }
    finished = state in (SnapshotState.DONE, SnapshotState.FAILED)
    return JsonResponse({
        "progress": 100 if state == SnapshotState.DONE else (check.progress if check else 0),
        "state": state, "label": labels[state],
        "done_url": reverse("monitoring:submission_detail", args=[submission.pk]) if finished else None,
    })


@login_required
@require_GET
def download(request, pk: int):
    submission = get_for_user(visible_submissions(request.user), pk=pk)
    return attachment_response(submission.file, f"enviada-{download_name(submission.snapshot)}")


@require_GET
def public_list(request):
    """No login: every matrix sent, by cutoff, with its SHA-256; `?sha256=` verifies a file."""
    form = VerifyHashForm(request.GET or None)
    asked = found = None
    if form.is_valid() and form.cleaned_data["sha256"]:
        asked = normalize_hash(form.cleaned_data["sha256"])
        if asked is None:
            form.add_error("sha256", "Escriba los 64 caracteres hexadecimales del SHA-256 (0-9, a-f).")
        else:
            found = list(MatrixSubmission.objects.filter(sha256=asked).order_by("sent_at", "pk"))
    rows = MatrixSubmission.objects.order_by("-year", "-cutoff", "kind", "sent_at", "pk").only(
        "kind", "year", "cutoff", "sha256", "file_size", "recipient", "channel", "sent_at", "data_version", "data_as_of",
    )
    page = Paginator(rows, PUBLIC_PAGE_SIZE).get_page(request.GET.get("pagina"))
    groups = [(key, list(items)) for key, items in groupby(page.object_list, key=lambda s: (s.year, s.cutoff))]
    return render(request, "monitoring/matrices/public_submissions.html", {
        "form": form, "asked": asked, "found": found, "groups": groups, "page": page,
    }, status=400 if form.errors else 200)
