import copy
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from isvimed_planning.files import random_name, upload_to, validate_upload
from isvimed_planning.pdf import _static_file, render_pdf_bytes


def test_pdf_renders_with_the_application_stylesheet(tmp_path, settings, caplog):
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], tmp_path]
    settings.TEMPLATES = templates  # assigning (not mutating) resets the template engines
    (tmp_path / "demo_pdf.html").write_text(
        '{% extends "pdf_base.html" %}{% block content %}<h1>Ficha del proyecto 2024050010001</h1>{% endblock %}'
    )
    text = " ".join(PdfReader(io.BytesIO(render_pdf_bytes("demo_pdf.html", {}))).pages[0].extract_text().split())
    assert "Ficha del proyecto 2024050010001" in text
    assert "ISVIMED" in text
    assert not [r for r in caplog.records if r.name == "weasyprint" and r.levelname == "ERROR"]


@pytest.mark.parametrize("url", ["https://example.com/x.css", "file:///etc/passwd", "https://isvimed.invalid/media/secret.pdf"])
def test_pdf_fetches_nothing_but_static_files(url):
    with pytest.raises(PermissionError):
        _static_file(url)


def test_pdf_may_fetch_a_static_file():
    assert b"@page" in _static_file("https://isvimed.invalid/static/css/pdf.css")


def test_uploads_are_checked_by_content_not_by_name():
    fake = SimpleUploadedFile("informe.pdf", b"MZ\x90\x00 this is an executable", content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        validate_upload(fake)
    assert error.value.messages == [
        "Tipo de archivo no permitido: solo se aceptan PDF, imágenes (PNG, JPG, GIF) o documentos de Office (Word, Excel, PowerPoint)."
    ]
    real = SimpleUploadedFile("acta.pdf", b"%PDF-1.4\n%...", content_type="application/octet-stream")
    assert validate_upload(real) == "application/pdf"


def test_uploads_above_the_limit_are_refused(settings):
    settings.MAX_UPLOAD_BYTES = 1024
    big = SimpleUploadedFile("grande.pdf", b"%PDF-" + b"0" * 2048)
    with pytest.raises(ValidationError) as error:
        validate_upload(big)
    assert error.value.messages == ["El archivo pesa 0,0 MB; el máximo es 0,0 MB."]


def test_stored_names_are_random_and_keep_only_a_safe_extension():
    assert random_name("acta final.PDF").endswith(".pdf")
    assert random_name("acta final.PDF") != random_name("acta final.PDF")
    assert "." not in random_name("x.p/h&p")
    assert upload_to("evidence")(None, "foto.png").startswith("evidence/")
    assert upload_to("evidence").deconstruct() == ("isvimed_planning.files.upload_to", ("evidence",), {})
