"""Pages of the four matrices for the Alcaldía: request a snapshot, follow its progress,
download it, and the list of every snapshot kept."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from isvimed_planning import roles
from isvimed_planning.access import fetch_for_user, get_for_user, require_perm
from isvimed_planning.files import attachment_response
from isvimed_planning.workflow import DomainError

from . import cuadre_selectors
from .matrices.forms import MatrixRequestForm
from .matrix_services import download_name, snapshot_request, snapshot_retry
from .models import MatrixSnapshot, SnapshotState

PAGE_SIZE = 50


def visible_snapshots(user):
    if not roles.may(user, "monitoring.read_matrices"):
        return MatrixSnapshot.objects.none()
    return MatrixSnapshot.objects.select_related("requested_by")


@login_required
@require_http_methods(["GET", "POST"])
def index(request):
    require_perm(request.user, "monitoring.read_matrices")
    can_generate = roles.may(request.user, "monitoring.generate_matrices")
    form = MatrixRequestForm(request.POST or None)
    if request.method == "POST":
        require_perm(request.user, "monitoring.generate_matrices")
        if form.is_valid():
            try:
                snapshot = snapshot_request(
                    kind=form.cleaned_data["kind"], year=form.cleaned_data["year"],
                    cutoff=form.cleaned_data["cutoff"], by=request.user,
                )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, "La matriz se está generando.")
                return redirect("monitoring:matrix_detail", pk=snapshot.pk)
    page = Paginator(visible_snapshots(request.user), PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(
        request, "monitoring/matrices/index.html",
        {"form": form, "snapshots": page.object_list, "page": page, "can_generate": can_generate,
         "cuadre": cuadre_selectors.cutoff_status(request.user)},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def detail(request, pk: int):
    fetched = fetch_for_user(visible_snapshots(request.user), request.user, perms=("monitoring.generate_matrices",), pk=pk)
    snapshot = fetched.obj
    return render(
        request, "monitoring/matrices/detail.html",
        {"snapshot": snapshot, "running": _running(snapshot), "can_generate": fetched.can["generate_matrices"],
         "can_send": roles.may(request.user, "monitoring.send_matrices"),
         "submissions": list(snapshot.submissions.select_related("sent_by"))},
    )


@login_required
@require_POST
def retry(request, pk: int):
    snapshot = get_for_user(visible_snapshots(request.user), pk=pk)
    require_perm(request.user, "monitoring.generate_matrices")
    try:
        snapshot_retry(snapshot_id=snapshot.pk, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "La matriz se está generando de nuevo.")
    return redirect("monitoring:matrix_detail", pk=snapshot.pk)


def _running(snapshot: MatrixSnapshot) -> bool:
    return snapshot.state in (SnapshotState.QUEUED, SnapshotState.RUNNING)


@login_required
@require_GET
def progress(request, pk: int):
    snapshot = get_for_user(visible_snapshots(request.user), pk=pk)
    labels = {
        SnapshotState.QUEUED: "En cola…",
        SnapshotState.RUNNING: f"Generando… {snapshot.progress} %",
        SnapshotState.DONE: "Lista para descargar",
        SnapshotState.FAILED: snapshot.error or "La generación falló.",
    }
    done = snapshot.state == SnapshotState.DONE
    # A failed job reloads its page too: the message and the retry button are there.
    finished = snapshot.state in (SnapshotState.DONE, SnapshotState.FAILED)
    return JsonResponse(
        {
            "progress": 100 if done else snapshot.progress,
            "state": snapshot.state,
            "label": labels.get(snapshot.state, snapshot.get_state_display()),
            "done_url": reverse("monitoring:matrix_detail", args=[snapshot.pk]) if finished else None,
        }
    )


@login_required
@require_GET
def download(request, pk: int):
    snapshot = get_for_user(visible_snapshots(request.user), pk=pk)
    if snapshot.state != SnapshotState.DONE or not snapshot.file:
        raise Http404("La matriz aún no está lista.")
    return attachment_response(snapshot.file, download_name(snapshot))
