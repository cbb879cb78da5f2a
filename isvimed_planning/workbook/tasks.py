from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def process_import_job(job_id: int, confirm: bool) -> None:
    """Validate (confirm=False) or import (confirm=True) an uploaded workbook; a rerun is a no-op."""
    from .services import process_job

    process_job(job_id=job_id, confirm=confirm)
