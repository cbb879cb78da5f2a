"""Kept files go only through Django's storage API (isvimed_planning/storage_config.py), so that
they can live in a bucket every machine shares. Application code never reaches them by a local
path: no MEDIA_ROOT outside the settings, no `.path` of a file field or a storage, no
FileSystemStorage of its own, no upload's temporary path handed on (another process would not
find it)."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.db import models

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ["isvimed_planning", "strategy", "projects", "budget", "action_plan", "monitoring", "accountability", "tooling"]
# Where the local disk may be named: the settings (MEDIA_ROOT, the default backend) and the
# module choosing the backend from the environment.
ALLOWED = {"isvimed_planning/settings.py", "isvimed_planning/storage_config.py"}


def file_field_names() -> set[str]:
    return {
        field.name
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)
    }


def _name_of(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def local_path_uses(source: str, fields: set[str]) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Name | ast.Attribute) and _name_of(node) == "MEDIA_ROOT":
            found.append((node.lineno, "MEDIA_ROOT"))
        elif isinstance(node, ast.Constant) and node.value == "MEDIA_ROOT":
            found.append((node.lineno, "MEDIA_ROOT"))
        elif isinstance(node, ast.Attribute) and node.attr == "path":
            owner = _name_of(node.value)
            if owner in fields or "storage" in owner.lower():
                found.append((node.lineno, f"{owner}.path"))
        elif isinstance(node, ast.Attribute) and node.attr == "temporary_file_path":
            found.append((node.lineno, "temporary_file_path"))
        elif isinstance(node, ast.Name | ast.Attribute) and _name_of(node) == "FileSystemStorage":
            found.append((node.lineno, "FileSystemStorage"))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and "FileSystemStorage" in node.value:
            found.append((node.lineno, "FileSystemStorage"))
    return sorted(found)


def _application_files():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if "/migrations/" not in relative and relative not in ALLOWED:
                yield relative, path


def test_application_code_reaches_kept_files_only_through_the_storage():
    fields = file_field_names()
    assert {"file", "minutes", "answer_file", "questionnaire_file"} <= fields
    found = [
        f"{relative}:{line} {what}"
        for relative, path in _application_files()
        for line, what in local_path_uses(path.read_text(encoding="utf-8"), fields)
    ]
    assert found == []


@pytest.mark.parametrize(
    "source, what",
    [
        ("from django.conf import settings\nopen(settings.MEDIA_ROOT / 'x')", "MEDIA_ROOT"),
        ("getattr(settings, 'MEDIA_ROOT')", "MEDIA_ROOT"),
        ("FileResponse(open(evidence.file.path, 'rb'))", "file.path"),
        ("send(job.answer_file.path)", "answer_file.path"),
        ("default_storage.path(name)", "default_storage.path"),
        ("snapshot.file.storage.path(snapshot.file.name)", "storage.path"),
        ("process.delay(upload.temporary_file_path())", "temporary_file_path"),
        ("FileSystemStorage(location='/srv')", "FileSystemStorage"),
    ],
)
def test_the_guard_catches_each_local_path_use(source, what):
    assert [found for _, found in local_path_uses(source, file_field_names())] == [what]


def test_the_guard_leaves_other_paths_alone():
    source = "import os\nos.path.join('a', 'b')\nurlparse(url).path\nrequest.path\nchart.path\n"
    assert local_path_uses(source, file_field_names()) == []
