"""The planning workbook in the browser: upload, dry-run preview, confirm, progress, template, export."""
from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from isvimed_planning import roles, xlsx
from isvimed_planning.access import require_perm
from isvimed_planning.workflow import DomainError

from . import services
from .forms import UploadForm
from .models import ImportJob

MAX_ISSUES_SHOWN = 1000


@login_required
def index(request):
    require_perm(request.user, "workbook.read_workbook")
    can_import = roles.may(request.user, "workbook.import_workbook")
    form = UploadForm()
    if request.method == "POST":
        require_perm(request.user, "workbook.import_workbook")
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            job = services.start_import(
                upload=form.cleaned_data["file"], user=request.user,
                create_users=form.cleaned_data["create_users"], bounds=form.bounds,
            )
            return redirect("workbook:job", pk=job.pk)
    jobs = ImportJob.objects.select_related("created_by")[:20] if can_import else []
    return render(request, "workbook/index.html", {"form": form, "jobs": jobs, "can_import": can_import})


@login_required
def job_detail(request, pk: int):
    require_perm(request.user, "workbook.import_workbook")
    job = get_object_or_404(ImportJob.objects.select_related("created_by"), pk=pk)
    result = services.job_result(job)
    context = {
        "job": job, "result": result, "max_shown": MAX_ISSUES_SHOWN,
        "create_users": services.job_options(job).get("create_users", False),
    }
    if result is not None:
        context["errors_shown"] = result.errors[:MAX_ISSUES_SHOWN]
        context["warnings_shown"] = result.warnings[:MAX_ISSUES_SHOWN]
    return render(request, "workbook/job.html", context)


@login_required
@require_GET
def job_progress(request, pk: int):
    require_perm(request.user, "workbook.import_workbook")
    job = get_object_or_404(ImportJob, pk=pk)
    done_url = None if job.running else reverse("workbook:job", args=[job.pk])
    return JsonResponse(
        {"progress": job.progress, "state": job.state, "label": job.label or job.get_state_display(), "done_url": done_url}
    )


def _act_on_job(request, pk: int, action) -> HttpResponse:
    require_perm(request.user, "workbook.import_workbook")
    job = get_object_or_404(ImportJob, pk=pk)
    try:
        action(job=job, user=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("workbook:job", pk=job.pk)


@login_required
@require_POST
def job_confirm(request, pk: int):
    return _act_on_job(request, pk, services.confirm_import)


@login_required
@require_POST
def job_retry(request, pk: int):
    return _act_on_job(request, pk, services.retry_job)


@login_required
@require_GET
def template(request):
    require_perm(request.user, "workbook.read_workbook")
    from .exporter import export_workbook

    buffer = io.BytesIO()
    export_workbook(buffer, empty=True)
    return xlsx.download(buffer.getvalue(), "plantilla-libro-planeacion.xlsx")


@login_required
@require_GET
def export(request):
    require_perm(request.user, "workbook.read_workbook")
    from .exporter import export_workbook

    buffer = io.BytesIO()
    export_workbook(buffer)
    return xlsx.download(buffer.getvalue(), f"libro-planeacion-{timezone.localdate():%Y-%m-%d}.xlsx")
