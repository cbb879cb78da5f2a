"""The legal calendar: every date the application knows, per user (/agenda/) and as an iCalendar
feed behind a private key (/agenda/<token>.ics) that the user adds to their own calendar.

The base knows no app (tests/core/test_import_direction.py): each app registers in its own
`<app>/agenda.py` a provider that yields the dates it owns, scoped to what the user may see,
reading the app's own rules (the 31 January of the action plan, the requests' legal terms...):

    from isvimed_planning.agenda import Event, register

    @register
    def requests(user, start, end):
        for req in ...:
            yield Event(req.effective_due_date, f"Vence la solicitud {req.filing_number}", kind="solicitud", pk=req.pk,
                        url=reverse(...))

Each provider reads in a constant number of queries whatever the number of its dates.
"""
from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import groupby

from django import forms
from django.db import transaction
from django.utils.module_loading import autodiscover_modules

from .calendar import month_name
from .dates import DateField
from .deadlines.registry import as_date
from .plugins import add_once

PAGE_DAYS = 90  # the page shows the next 90 days unless a window is chosen
FEED_PAST_DAYS = 30  # the feed: from 30 days ago ...
FEED_FUTURE_DAYS = 365  # ... to a year ahead
UID_DOMAIN = "isvimed-planning"


@dataclass(frozen=True)
class Event:
    when: dt.date | dt.datetime
    title: str
    kind: str  # a slug: "solicitud", "compromiso", "plan-accion"... the UID's first part
    pk: object  # the object's key (with `kind`, a stable UID)
    description: str = ""
    url: str = ""  # a path of the application (made absolute in the feed)
    label: str = ""  # the kind in Spanish, shown on the page ("Solicitud de información")

    @property
    def day(self) -> dt.date:
        return as_date(self.when)

    @property
    def uid(self) -> str:
        return f"{self.kind}-{self.pk}@{UID_DOMAIN}"


Provider = Callable[[object, dt.date, dt.date], Iterable[Event]]

_providers: list[Provider] = []
_discovered = False


def register(func: Provider) -> Provider:
    add_once(_providers, func)
    return func


def providers() -> list[Provider]:
    global _discovered
    if not _discovered:
        autodiscover_modules("agenda")
        _discovered = True
    return list(_providers)


def events(user, start: dt.date, end: dt.date) -> list[Event]:
    """The user's dates in [start, end], by date then title."""
    found = [e for provider in providers() for e in provider(user, start, end) if start <= e.day <= end]
    return sorted(found, key=lambda e: (e.day, e.title, e.uid))


@dataclass(frozen=True)
class Month:
    label: str  # "noviembre de 2026"
    events: list[Event]


def by_month(found: list[Event]) -> list[Month]:
    return [
        Month(f"{month_name(month)} de {year}", list(rows))
        for (year, month), rows in groupby(found, key=lambda e: (e.day.year, e.day.month))
    ]


# --- The page's window -------------------------------------------------------------------------


class WindowForm(forms.Form):
    desde = DateField(label="Desde", required=False)
    hasta = DateField(label="Hasta", required=False)

    def clean(self):
        data = super().clean()
        if data.get("desde") and data.get("hasta") and data["desde"] > data["hasta"]:
            self.add_error("hasta", "La fecha final debe ser posterior a la inicial.")
        return data


def page_window(query, *, today: dt.date) -> tuple[WindowForm, dt.date, dt.date]:
    """The page's form and window: the next PAGE_DAYS days, or what was chosen; bad input keeps the default."""
    start, end = today, today + dt.timedelta(days=PAGE_DAYS)
    form = WindowForm(query or None, initial={"desde": start, "hasta": end})
    if form.is_bound and form.is_valid():
        start = form.cleaned_data["desde"] or start
        end = form.cleaned_data["hasta"] or max(end, start)
    return form, start, end


def feed_window(*, today: dt.date) -> tuple[dt.date, dt.date]:
    return today - dt.timedelta(days=FEED_PAST_DAYS), today + dt.timedelta(days=FEED_FUTURE_DAYS)


# --- The private key of the feed ---------------------------------------------------------------


def new_token() -> str:
    return secrets.token_urlsafe(32)


@transaction.atomic
def regenerate_token(*, by) -> str:
    """A new key for `by`'s feed; the previous one stops working at once."""
    from .models import CalendarToken

    token = new_token()
    CalendarToken.objects.update_or_create(user=by, defaults={"token": token})
    return token


def current_token(user) -> str | None:
    """The user's key, None until they create it on the page (a GET saves nothing)."""
    from .models import CalendarToken

    return CalendarToken.objects.filter(user=user).values_list("token", flat=True).first()


def token_of(user) -> str:
    """The user's key, created when they have none."""
    return current_token(user) or regenerate_token(by=user)


def owner_of(token: str):
    """The active user whose feed `token` opens, or None (unknown, revoked or inactive)."""
    from .models import CalendarToken

    found = CalendarToken.objects.select_related("user").filter(token=token, user__is_active=True).first()
    return found.user if found else None


# --- The iCalendar feed ------------------------------------------------------------------------


def to_ical(found: list[Event], *, name: str, absolute: Callable[[str], str], now: dt.datetime) -> bytes:
    """An iCalendar (RFC 5545) file: one all-day VEVENT per date (timed when the date has an hour)."""
    from icalendar import Calendar, Event as VEvent

    cal = Calendar()
    cal.add("prodid", "-//ISVIMED//Planeación//ES")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"ISVIMED · Agenda de {name}")
    cal.add("x-wr-timezone", "America/Bogota")
    stamp = now.astimezone(dt.UTC)
    for event in found:
        vevent = VEvent()
        vevent.add("uid", event.uid)
        vevent.add("dtstamp", stamp)
        vevent.add("dtstart", event.when)
        if not isinstance(event.when, dt.datetime):  # an all-day event ends the next day (RFC 5545)
            vevent.add("dtend", event.when + dt.timedelta(days=1))
        vevent.add("summary", event.title)
        if event.description:
            vevent.add("description", event.description)
        if event.url:
            vevent.add("url", absolute(event.url))
        vevent.add("transp", "TRANSPARENT")
        cal.add_component(vevent)
    return cal.to_ical()
