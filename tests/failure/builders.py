"""A stored workbook import job, as an upload leaves it, for tests of the job's life cycle."""
from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from isvimed_planning.workbook.models import ImportJob
from tests.workbook.builders import base_data, write


def import_job(user, **fields) -> ImportJob:
    content = write(base_data()).getvalue()
    upload = SimpleUploadedFile("plan.xlsx", content)
    defaults = {"original_name": "plan.xlsx", "size": len(content), "created_by": user, "state": "checking"}
    return ImportJob.objects.create(file=upload, **{**defaults, **fields})
