"""E-mails to petitioners (accountability.petitioner)."""
from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.core.mail import EmailMessage
from django.utils import timezone

from .models import PetitionerNotice, PetitionerNoticeKind


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, retry_backoff_max=600, max_retries=5)
def send_petitioner_notices(self, notice_ids: list[int]) -> int:
    """Sends each notice once (claimed by a conditional update, so a retry never doubles it);
    the answer carries its file."""
    sent = 0
    for notice in PetitionerNotice.objects.filter(pk__in=notice_ids, sent_at__isnull=True).select_related("request"):
        if not PetitionerNotice.objects.filter(pk=notice.pk, sent_at__isnull=True).update(sent_at=timezone.now()):
            continue
        message = EmailMessage(subject=notice.subject, body=notice.body, to=[notice.to_email])
        req = notice.request
        if req is not None and notice.kind == PetitionerNoticeKind.ANSWER and req.answer_file:
            with req.answer_file.open("rb") as handle:
                message.attach(req.answer_file_name or req.answer_file.name.rsplit("/", 1)[-1], handle.read())
        try:
            message.send()
        except OSError:
            PetitionerNotice.objects.filter(pk=notice.pk).update(sent_at=None)
            raise
        sent += 1
    return sent


@shared_task(name="accountability.resend_petitioner_notices")
def resend_pending(*, min_age_minutes: int = 10) -> int:
    """Queues again the notices never sent (the broker was down when they were written, or the mail
    server refused them past the retries). Older than a few minutes, so a notice whose first sending
    is still queued is not queued twice; send_petitioner_notices claims each one, so it is sent once."""
    cutoff = timezone.now() - timedelta(minutes=min_age_minutes)
    ids = list(
        PetitionerNotice.objects.filter(sent_at__isnull=True, created_at__lte=cutoff).values_list("pk", flat=True)[:500]
    )
    if ids:
        send_petitioner_notices.delay(ids)
    return len(ids)
