"""A sealed submission made directly (no generation): for the permission matrix and page tests."""
from __future__ import annotations

import datetime as dt
import hashlib

from django.core.files.base import ContentFile
from django.utils import timezone

from monitoring.models import MatrixSubmission
from monitoring.submission_services import seal_of


def sealed_submission(snapshot, *, by, recipient: str = "Departamento Administrativo de Planeación",
                      content: bytes = b"PK\x03\x04 matriz enviada", sent_at: dt.datetime | None = None) -> MatrixSubmission:
    sent_at = sent_at or timezone.now()
    submission = MatrixSubmission(
        snapshot=snapshot, kind=snapshot.kind, year=snapshot.year, cutoff=snapshot.cutoff, file_size=len(content),
        sha256=hashlib.sha256(content).hexdigest(), data_as_of=sent_at, data_marks={"monitoring.ProgressReport": 0},
        data_version="0000000000000000", reference_rows={}, recipient=recipient, channel="email", sent_at=sent_at,
        sent_by=by, created_at=sent_at,
    )
    submission.file.save("enviada.xlsx", ContentFile(content), save=False)
    submission.seal = seal_of(submission)
    submission.save()
    return submission
