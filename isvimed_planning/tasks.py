from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Exists, OuterRef
from django.utils import timezone

from .models import Notice, NoticePreference


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, retry_backoff_max=600, max_retries=5)
def send_notice_emails(self, notice_ids: list[int]) -> int:
    """E-mail the given notices once each; claimed by a conditional update so a retry never doubles."""
    opted_out = NoticePreference.objects.filter(user=OuterRef("recipient"), kind=OuterRef("kind"), email=False)
    sent = 0
    notices = (
        Notice.objects.filter(pk__in=notice_ids, emailed_at__isnull=True)
        .annotate(opted_out=Exists(opted_out))
        .select_related("recipient")
    )
    for notice in notices:
        if notice.opted_out or not notice.recipient.email:
            continue
        claimed = Notice.objects.filter(pk=notice.pk, emailed_at__isnull=True).update(emailed_at=timezone.now())
        if not claimed:
            continue
        link = f"{settings.SITE_URL.rstrip('/')}{notice.url}" if notice.url else ""
        try:
            send_mail(
                subject=f"[ISVIMED Planeación] {notice.title}",
                message=f"{notice.body}\n\n{link}".strip(),
                from_email=None,
                recipient_list=[notice.recipient.email],
            )
        except OSError:
            Notice.objects.filter(pk=notice.pk).update(emailed_at=None)
            raise
        sent += 1
    return sent


def resend_pending_emails(*, min_age_minutes: int = 10, max_age_days: int = 2) -> int:
    """Queue again the e-mails of recent notices never e-mailed (the broker was down when they were
    created, or a worker died); send_notice_emails skips opted-out users and already sent ones."""
    now = timezone.now()
    opted_out = NoticePreference.objects.filter(user=OuterRef("recipient"), kind=OuterRef("kind"), email=False)
    ids = list(
        Notice.objects.filter(
            emailed_at__isnull=True,
            created_at__lte=now - timedelta(minutes=min_age_minutes),
            created_at__gte=now - timedelta(days=max_age_days),
        )
        .exclude(recipient__email="")
        .annotate(opted_out=Exists(opted_out))
        .filter(opted_out=False)
        .values_list("pk", flat=True)[:500]
    )
    if ids:
        send_notice_emails.delay(ids)
    return len(ids)


@shared_task(name="core.clean_login_records")
def clean_login_records() -> dict[str, int]:
    """Daily: drop login failure counts past their cool-off and login records past retention."""
    from .auth import clean_login_records as clean

    return clean()
