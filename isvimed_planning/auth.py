"""Login with throttling of failed attempts (per username and per client address)."""
from __future__ import annotations

import datetime as dt

from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.utils import timezone

from .models import LoginFailure

LOCKED_MESSAGE = "Demasiados intentos fallidos. Por seguridad, espere {minutes} minutos e intente de nuevo."


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


def _recent(**lookup) -> int:
    since = timezone.now() - dt.timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)
    return LoginFailure.objects.filter(at__gte=since, **lookup).count()


def is_locked(username: str, ip: str | None) -> bool:
    limit = settings.LOGIN_FAILURE_LIMIT
    if username and _recent(username=username.lower()) >= limit:
        return True
    # An address gets more room than a username: several people may share an office NAT.
    return bool(ip) and _recent(ip=ip) >= limit * 4


class ThrottledAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Usuario o contraseña incorrectos. Recuerde que la contraseña distingue mayúsculas.",
        "inactive": "Esta cuenta está inactiva.",
    }

    def clean(self):
        username = (self.data.get("username") or "").strip()
        if is_locked(username, client_ip(self.request)):
            minutes = max(1, settings.LOGIN_LOCKOUT_SECONDS // 60)
            raise forms.ValidationError(LOCKED_MESSAGE.format(minutes=minutes), code="locked")
        return super().clean()


class LoginView(auth_views.LoginView):
    form_class = ThrottledAuthenticationForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


@receiver(user_login_failed)
def _record_failure(sender, credentials, request=None, **kwargs):
    LoginFailure.objects.create(username=(credentials.get("username") or "").lower()[:150], ip=client_ip(request))


@receiver(user_logged_in)
def _clear_failures(sender, request, user, **kwargs):
    LoginFailure.objects.filter(username=user.username.lower()).delete()
