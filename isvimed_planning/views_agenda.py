"""The legal calendar: the user's dates (/agenda/), the private key of their feed and the feed
itself (/agenda/<token>.ics, no login: the key is the credential; an unknown or revoked key is a 404)."""
from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from . import agenda


def _absolute(request, path: str) -> str:
    base = (getattr(settings, "SITE_URL", "") or "").rstrip("/")
    return f"{base}{path}" if base else request.build_absolute_uri(path)


@login_required
def agenda_page(request):
    today = timezone.localdate()
    form, start, end = agenda.page_window(request.GET, today=today)
    found = agenda.events(request.user, start, end)
    token = agenda.current_token(request.user)
    feed = _absolute(request, reverse("agenda_ics", args=[token])) if token else ""
    return render(request, "agenda/index.html", {
        "form": form, "today": today, "start": start, "end": end, "months": agenda.by_month(found),
        "count": len(found), "feed_url": feed,
    })


@login_required
@require_POST
def agenda_token(request):
    had = agenda.current_token(request.user) is not None
    agenda.regenerate_token(by=request.user)
    if had:
        messages.success(request, "Se generó un enlace nuevo para su calendario. El anterior ya no funciona: "
                                  "vuelva a suscribirse con el nuevo.")
    else:
        messages.success(request, "Se creó el enlace privado de su calendario.")
    return HttpResponseRedirect(reverse("agenda"))


@require_GET
def agenda_ics(request, token: str):
    user = agenda.owner_of(token)
    if user is None:
        raise Http404("Calendario no encontrado.")
    start, end = agenda.feed_window(today=timezone.localdate())
    found = agenda.events(user, start, end)
    body = agenda.to_ical(found, name=user.display_name, absolute=lambda path: _absolute(request, path), now=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response
