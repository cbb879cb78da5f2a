"""A page a persona may open must not show what the persona may not see: walking every GET the
matrix allows to `lead2` (another lead) and to `outsider` (no role), nothing of project A — led by
`lead` — appears in the HTML, the PDF text or the spreadsheet cells."""
from __future__ import annotations

import io

import openpyxl
import pypdf
from django.test import Client
from django.urls import reverse

from tests.permissions.matrix import MATRIX
from tests.permissions.test_matrix import ROUTES, world  # noqa: F401  (the module-scoped data set)

# Documents meant to show every project: the action plan is one document for all projects
# (published to citizens once approved), and the public pages are public.
WHOLE_DOCUMENTS = {
    "action_plan:detail", "action_plan:xlsx", "action_plan:pdf",
    "action_plan:public", "action_plan:public_pdf", "action_plan:public_xlsx",
}
# Unique to project A in the data set: its name, its allocation, one of its risks, its meeting's minutes.
SECRETS = ("Pajarito", "1.000.000.000", "Retraso en licencias")


def text_of(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    content_type = response.get("Content-Type", "")
    if "pdf" in content_type:
        return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(body)).pages)
    if "spreadsheet" in content_type:
        book = openpyxl.load_workbook(io.BytesIO(body))
        return "\n".join(str(v) for ws in book.worksheets for r in ws.iter_rows(values_only=True) for v in r if v is not None)
    return body.decode("utf-8", "replace")


def leaks(world, persona: str) -> list[str]:
    client = Client()
    client.force_login(world.users[persona])
    found = []
    for name, entry in MATRIX.items():
        if persona not in entry.get or name in WHOLE_DOCUMENTS:
            continue
        url = reverse(name, kwargs=entry.kwargs(world)) if ROUTES[name] != name else "/" + ROUTES[name]
        response = client.get(url)
        assert response.status_code in (200, 301, 302), f"{url}: {response.status_code}"
        if response.status_code == 200:
            text = text_of(response)
            found += [f"{url} shows «{secret}»" for secret in SECRETS if secret in text]
    return found


def test_another_lead_sees_nothing_of_a_project_they_do_not_lead(world, db):
    assert leaks(world, "lead2") == []


def test_a_user_without_a_role_sees_nothing_of_any_project(world, db):
    assert leaks(world, "outsider") == []


def test_the_check_can_fail_the_owner_sees_their_project(world, db):
    client = Client()
    client.force_login(world.users["lead"])
    assert "Pajarito" in text_of(client.get(reverse("projects:index")))
