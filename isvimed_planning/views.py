from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import (
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import panels, roles
from .models import Notice


def broker_ok(timeout: float = 2.0) -> tuple[bool, str]:
    from .celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=timeout)
        return True, "ok"
    except Exception as exc:  # any failure to reach the broker means "down"
        return False, exc.__class__.__name__


def favicon(request):
    # Resolved per request: with the manifest storage the hashed name exists only after collectstatic.
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


@never_cache
def healthz(request):
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception as exc:
        checks["database"] = f"error: {exc.__class__.__name__}"
    ok, detail = broker_ok()
    checks["broker"] = "ok" if ok else f"error: {detail}"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)


def home(request):
    if not request.user.is_authenticated:
        # Citizens land on the public entry (the transparency app's pages); staff log in from it.
        return render(request, "home_public.html")
    user_roles = roles.role_names(request.user)
    return render(
        request, "home.html",
        {"roles": user_roles, "role_labels": roles.ROLES, "panels": panels.shown("home", request, request.user)},
    )


@login_required
def notice_list(request):
    notices = request.user.notices.all()[:200]
    return render(request, "notices/list.html", {"notices": notices})


@login_required
@require_POST
def notice_read(request, pk: int):
    # Only the recipient's own notices exist for them.
    notice = get_object_or_404(Notice, pk=pk, recipient=request.user)
    if notice.read_at is None:
        Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=timezone.now())
    target = notice.url if notice.url and url_has_allowed_host_and_scheme(notice.url, None) else None
    if request.POST.get("open") and target:
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(request.POST.get("next") or "/avisos/")


@login_required
@require_POST
def notice_read_all(request):
    request.user.notices.filter(read_at__isnull=True).update(read_at=timezone.now())
    return HttpResponseRedirect("/avisos/")
