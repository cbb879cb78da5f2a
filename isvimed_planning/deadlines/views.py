"""ANS pages: the dashboard (/ans/), the configuration (admin role) and notice preferences."""
from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone

from isvimed_planning import roles
from isvimed_planning.models import NoticePreference
from isvimed_planning.notices import NOTICE_KINDS, kind_label
from isvimed_planning.workflow import DomainError

from . import selectors
from .forms import CycleSettingsForm, PeriodForm, PolicyFormSet
from .models import AnsPolicy, CycleSettings
from .services import ensure_policies


@login_required
def index(request):
    if not roles.may(request.user, "deadlines.read_dashboard"):
        raise PermissionDenied
    today = timezone.localdate()
    start, end, step = dt.date(today.year, 1, 1), today, ""
    form = PeriodForm(request.GET or None, initial={"desde": start, "hasta": end})
    if form.is_bound and form.is_valid():
        start = form.cleaned_data["desde"] or start
        end = form.cleaned_data["hasta"] or end
        step = form.cleaned_data["paso"] or ""
    data = selectors.dashboard(today=today, start=start, end=end, step=step)
    return render(request, "deadlines/index.html", {
        "form": form, "today": today, "start": start, "end": end,
        "can_configure": roles.may(request.user, "deadlines.configure"), **data,
    })


@login_required
def configuration(request):
    if not roles.may(request.user, "deadlines.configure"):
        raise PermissionDenied
    ensure_policies()
    queryset = AnsPolicy.objects.order_by("id")
    cycle = CycleSettings.load()
    refusal = None
    if request.method == "POST":
        formset = PolicyFormSet(request.POST, queryset=queryset, prefix="ans")
        cycle_form = CycleSettingsForm(request.POST, instance=cycle, prefix="ciclo")
        if formset.is_valid() and cycle_form.is_valid():
            try:
                with transaction.atomic():
                    formset.save()
                    cycle_form.save()
            except DomainError as exc:  # a stale form: shown again with what was typed
                refusal = exc.message
            else:
                messages.success(request, "Configuración de los ANS guardada.")
                return redirect("deadlines:configuration")
    else:
        formset = PolicyFormSet(queryset=queryset, prefix="ans")
        cycle_form = CycleSettingsForm(instance=cycle, prefix="ciclo")
    return render(
        request, "deadlines/configuration.html", {"formset": formset, "cycle_form": cycle_form, "refusal": refusal}
    )


@login_required
def notice_preferences(request):
    user = request.user
    chosen = dict(NoticePreference.objects.filter(user=user).values_list("kind", "email"))
    kinds = dict(NOTICE_KINDS)
    for kind in user.notices.values_list("kind", flat=True).distinct():
        kinds.setdefault(kind, kind_label(kind))
    for kind in chosen:
        kinds.setdefault(kind, kind_label(kind))
    if request.method == "POST":
        wanted = set(request.POST.getlist("email"))
        with transaction.atomic():
            for kind in kinds:
                NoticePreference.objects.update_or_create(user=user, kind=kind, defaults={"email": kind in wanted})
        messages.success(request, "Preferencias de avisos guardadas.")
        return redirect("deadlines:notice_preferences")
    rows = [{"kind": k, "label": label, "email": chosen.get(k, True)} for k, label in kinds.items()]
    return render(request, "notices/preferences.html", {"rows": rows})
