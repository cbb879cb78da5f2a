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
from isvimed_planning.list_export import Column, list_download
from isvimed_planning.models import NoticePreference
from isvimed_planning.notices import NOTICE_KINDS, kind_label
from isvimed_planning.workflow import DomainError

from . import selectors
from .forms import CycleSettingsForm, PeriodForm, PolicyFormSet
from .models import AnsPolicy, CycleSettings, Step
from .services import ensure_policies


def _period(request) -> tuple[PeriodForm, dt.date, dt.date, dt.date, str]:
    """The page's window and step (the form, today, start, end, step); bad input keeps the defaults."""
    if not roles.may(request.user, "deadlines.read_dashboard"):
        raise PermissionDenied
    today = timezone.localdate()
    start, end, step = dt.date(today.year, 1, 1), today, ""
    form = PeriodForm(request.GET or None, initial={"desde": start, "hasta": end})
    if form.is_bound and form.is_valid():
        start = form.cleaned_data["desde"] or start
        end = form.cleaned_data["hasta"] or end
        step = form.cleaned_data["paso"] or ""
    return form, today, start, end, step


@login_required
def index(request):
    form, today, start, end, step = _period(request)
    data = selectors.dashboard(today=today, start=start, end=end, step=step)
    query = request.GET.copy()
    return render(request, "deadlines/index.html", {
        "form": form, "today": today, "start": start, "end": end, "query": query.urlencode(),
        "can_configure": roles.may(request.user, "deadlines.configure"), **data,
    })


CLOCK_COLUMNS = [
    Column("Paso", lambda c: c.instance.get_step_display(), width=28),
    Column("Objeto", lambda c: c.instance.title, width=50),
    Column("Responsable", lambda c: str(c.instance.responsible or "Subdirección de Planeación"), width=26),
    Column("Inicio", lambda c: c.instance.start, "date", width=12),
    Column("Vence", lambda c: c.instance.due, "date", width=12),
    Column("Plazo (días)", lambda c: c.total_days, "number", width=10),
    Column("Días transcurridos", lambda c: c.elapsed_days, "number", width=12),
    Column("Días restantes", lambda c: c.days_left, "number", width=12),
    Column("Estado", lambda c: c.state_label, width=14),
]


@login_required
def index_xlsx(request):
    """The open deadlines of the page (same selector, same step) as Excel, every row."""
    form, today, start, end, step = _period(request)
    data = selectors.dashboard(today=today, start=start, end=end, step=step)
    chosen = f"Paso: {dict(Step.choices)[step]}" if step else ""
    return list_download(
        data["clocks"], CLOCK_COLUMNS, title=f"ANS: plazos abiertos al {today:%d/%m/%Y}", filters=chosen,
        filename=f"ans-plazos-abiertos-{today:%Y-%m-%d}.xlsx", sheet="Plazos abiertos",
    )


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
