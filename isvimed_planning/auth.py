"""Login throttling (django-axes), password reset rate limit and session lifetimes.

django-axes checks every call of `authenticate()` through its backend, so the application's
login form and the admin's (`/admin/login/`) share one count. Failures are counted per
username **and** address, so that an attacker at one address cannot lock other people out;
an address alone has a separate, higher limit against password spraying.
"""
from __future__ import annotations

import datetime as dt

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout, views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_logged_in
from django.core.cache import cache
from django.db.models import Sum
from django.dispatch import receiver
from django.shortcuts import render
from django.utils import timezone

from .client_ip import client_ip

LOCKED_MESSAGE = "Demasiados intentos fallidos. Por seguridad, espere {minutes} minutos e intente de nuevo."
RESET_LIMITED_MESSAGE = (
    "Se han pedido demasiados correos de recuperación. Por seguridad, espere {minutes} minutos e intente de nuevo."
)
SESSION_IDLE_MESSAGE = "Su sesión se cerró tras {hours} sin actividad. Ingrese de nuevo."
SESSION_LIFETIME_MESSAGE = "Su sesión se cerró porque duró más de {hours}. Ingrese de nuevo."


def _minutes(seconds: int) -> int:
    return max(1, seconds // 60)


def _hours(seconds: int) -> str:
    hours = seconds / 3600
    if hours == int(hours):
        return "1 hora" if hours == 1 else f"{int(hours)} horas"
    return f"{_minutes(seconds)} minutos"


# --- django-axes hooks (named in settings.AXES_*) ----------------------------------------------


def axes_username(request, credentials) -> str | None:
    """Usernames are counted case-insensitively, as the old throttle did."""
    username = (credentials or {}).get("username")
    if username is None and request is not None:
        username = getattr(request, "POST", {}).get("username")
    return username.strip().lower()[:150] if username else username


def axes_failure_limit(request, credentials) -> int:
    return settings.LOGIN_FAILURE_LIMIT


def axes_cool_off(request) -> dt.timedelta:
    return dt.timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)


def lockout_response(request, original_response=None, credentials=None):
    message = LOCKED_MESSAGE.format(minutes=_minutes(settings.LOGIN_LOCKOUT_SECONDS))
    return render(request, "registration/locked.html", {"message": message}, status=429)


class LoginThrottleHandler(AxesDatabaseHandler):
    """Two limits where axes has one (settings.AXES_LOCKOUT_PARAMETERS lists them in order).

    A username at an address is locked after LOGIN_FAILURE_LIMIT failures; an address alone
    after LOGIN_ADDRESS_FAILURE_LIMIT, whatever the usernames tried.
    """

    def get_failures(self, request, credentials=None) -> int:
        pair, address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if address >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            return max(pair, settings.LOGIN_FAILURE_LIMIT)
        return pair

    def user_logged_in(self, sender, request, user, **kwargs):
        super().user_logged_in(sender, request, user, **kwargs)
        # Only this username's failures from this address: resetting the whole address (axes'
        # AXES_RESET_ON_SUCCESS) would let anyone with an account wipe the count of others.
        AccessAttempt.objects.filter(
            username=axes_username(request, {"username": user.get_username()}), ip_address=request.axes_ip_address
        ).delete()


class LoginThrottleBackend(AxesStandaloneBackend):
    """Axes' backend, except that calls without a request (management commands, the test
    client's login()) are let through: no login form makes them."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def clean_login_records(now: dt.datetime | None = None) -> dict[str, int]:
    """Delete failure counts past their cool-off and successful-login records past retention.

    Axes also drops expired counts whenever someone logs in or fails; this covers quiet periods.
    """
    now = now or timezone.now()
    attempts, _ = AccessAttempt.objects.filter(
        attempt_time__lt=now - dt.timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)
    ).delete()
    from axes.models import AccessFailureLog, AccessLog

    cutoff = now - dt.timedelta(days=settings.LOGIN_LOG_RETENTION_DAYS)
    logs, _ = AccessLog.objects.filter(attempt_time__lt=cutoff).delete()
    failure_logs, _ = AccessFailureLog.objects.filter(attempt_time__lt=cutoff).delete()
    return {"attempts": attempts, "logs": logs + failure_logs}


# --- views ---------------------------------------------------------------------------------------


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Usuario o contraseña incorrectos. Recuerde que la contraseña distingue mayúsculas.",
        "inactive": "Esta cuenta está inactiva.",
    }


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


def over_limit(key: str, limit: int, window: int) -> bool:
    """Count one more request under key in a fixed window; True once the count passes limit."""
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count > limit


class PasswordResetView(auth_views.PasswordResetView):
    """Limits the e-mails sent per address and per typed e-mail.

    The count is of what was typed, whether or not an account has that e-mail, so the answer
    never tells which e-mails exist.
    """

    def form_valid(self, form):
        window = settings.PASSWORD_RESET_WINDOW_SECONDS
        email = form.cleaned_data["email"].strip().lower()
        ip = client_ip(self.request) or "unknown"
        by_email = over_limit(f"password-reset:email:{email}", settings.PASSWORD_RESET_LIMIT_PER_EMAIL, window)
        by_address = over_limit(f"password-reset:ip:{ip}", settings.PASSWORD_RESET_LIMIT_PER_ADDRESS, window)
        if by_email or by_address:
            form.add_error(None, RESET_LIMITED_MESSAGE.format(minutes=_minutes(window)))
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)


# --- session lifetimes -----------------------------------------------------------------------------

SESSION_STARTED = "_session_started_at"
SESSION_SEEN = "_session_seen_at"
# Writing the last-seen time on every request would write the session row on every request;
# once a minute is precise enough for a timeout counted in hours.
SEEN_RESOLUTION_SECONDS = 60


@receiver(user_logged_in)
def _start_session_clock(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = timezone.now().timestamp()
        request.session[SESSION_STARTED] = now
        request.session[SESSION_SEEN] = now


class SessionTimeoutMiddleware:
    """Logs out a session idle for SESSION_IDLE_SECONDS or older than SESSION_MAX_AGE_SECONDS,
    leaving a Spanish notice for the login page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The session key, not request.user: a page that never needs the user must not load it.
        if SESSION_KEY in request.session:
            self._check(request)
        return self.get_response(request)

    def _check(self, request):
        session = request.session
        now = timezone.now().timestamp()
        started = session.setdefault(SESSION_STARTED, now)
        seen = session.get(SESSION_SEEN, now)
        idle, max_age = settings.SESSION_IDLE_SECONDS, settings.SESSION_MAX_AGE_SECONDS
        if now - started >= max_age:
            notice = SESSION_LIFETIME_MESSAGE.format(hours=_hours(max_age))
        elif now - seen >= idle:
            notice = SESSION_IDLE_MESSAGE.format(hours=_hours(idle))
        else:
            if now - seen >= SEEN_RESOLUTION_SECONDS or SESSION_SEEN not in session:
                session[SESSION_SEEN] = now
            return
        logout(request)
        messages.info(request, notice)
