from __future__ import annotations

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


@shared_task
def ping() -> str:
    """Used by /healthz-style checks and the Celery integration test."""
    return "pong"
