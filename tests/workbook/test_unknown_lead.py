"""An unknown `responsable` is an import error (it used to create an account silently and hand it
the project, the dry run saying «sin errores»), unless the import is asked to create accounts:
`--crear-usuarios` or the upload form's checkbox; the dry run then names the accounts."""
from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from isvimed_planning.models import User
from isvimed_planning.workbook.models import ImportJob
from projects.models import Project
from tests.conftest import client_for
from tests.workbook.builders import BPIN, base_data, db_state, run_import, write

pytestmark = pytest.mark.django_db

UNKNOWN = (
    "proyectos:2:responsable: el usuario «nuevo01» no existe: créelo antes de importar, o marque «Crear las cuentas "
    "de los responsables que no existan» (--crear-usuarios en la línea de comandos)"
)


def with_unknown_lead() -> dict:
    data = base_data()
    data["proyectos"][0][4] = "nuevo01"
    return data


def test_the_command_refuses_an_unknown_lead(tmp_path):
    before = db_state()
    code, out, err = run_import(with_unknown_lead(), tmp_path)
    assert code == 1
    assert err == [UNKNOWN, "1 errores: no se importó nada."]
    assert not User.objects.filter(username="nuevo01").exists()
    assert db_state() == before


def test_the_dry_run_names_the_accounts_it_would_create(tmp_path):
    code, out, err = run_import(with_unknown_lead(), tmp_path, "--dry-run", "--crear-usuarios")
    assert code == 0, err
    assert "Cuentas que se crearán (inactivas, rol responsable): nuevo01" in out.splitlines()
    assert not User.objects.filter(username="nuevo01").exists()


def test_the_command_creates_the_account_when_asked(tmp_path):
    code, out, err = run_import(with_unknown_lead(), tmp_path, "--crear-usuarios")
    assert code == 0, err
    assert "Cuentas creadas (inactivas, rol responsable): nuevo01" in out.splitlines()
    assert Project.objects.get(bank_code=BPIN).lead.username == "nuevo01"


def upload(client, **extra):
    content = write(with_unknown_lead()).getvalue()
    return client.post("/libro/", {"file": SimpleUploadedFile("libro.xlsx", content), **extra})


def test_the_browser_import_refuses_an_unknown_lead(planner):
    client = client_for(planner)
    upload(client)
    job = ImportJob.objects.get()
    assert job.state == "invalid"
    page = client.get(f"/libro/importaciones/{job.pk}/").content.decode()
    assert "el usuario «nuevo01» no existe" in page
    assert not User.objects.filter(username="nuevo01").exists()


def test_the_checkbox_shows_the_accounts_in_the_preview_and_creates_them_on_confirm(planner):
    client = client_for(planner)
    upload(client, create_users="on")
    job = ImportJob.objects.get()
    assert job.state == "checked"
    page = client.get(f"/libro/importaciones/{job.pk}/").content.decode()
    assert "Cuentas que se crearán (inactivas, rol responsable): nuevo01." in page
    assert not User.objects.filter(username="nuevo01").exists()
    client.post(f"/libro/importaciones/{job.pk}/confirmar/")
    job.refresh_from_db()
    assert job.state == "done"
    assert "Cuentas creadas (inactivas, rol responsable): nuevo01." in client.get(
        f"/libro/importaciones/{job.pk}/").content.decode()
    assert not User.objects.get(username="nuevo01").is_active
