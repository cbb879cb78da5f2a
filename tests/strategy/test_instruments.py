"""Planning instruments: reference, date, link or file, and the lines/programs they inform."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from strategy.models import PlanningInstrument
from tests import factories

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def program(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return factories.program("4.2.1")


def test_planner_records_an_instrument_with_file_and_reader_downloads_it(program, planner, reader, login):
    plan = program.plan
    line = program.component.line
    response = login(planner).post(
        reverse("strategy:instrument_create", args=[plan.pk]),
        {"kind": "peh", "reference": "Plan Estratégico Habitacional 2020-2030", "date": "2020-05-04",
         "url": "https://www.medellin.gov.co/peh", "lines": [line.pk], "programs": [program.pk],
         "file": SimpleUploadedFile("peh.pdf", PDF, content_type="application/pdf")},
    )
    assert response.status_code == 302
    ins = PlanningInstrument.objects.get()
    assert ins.file.name.startswith("instruments/") and "peh" not in ins.file.name
    assert list(ins.lines.all()) == [line] and list(ins.programs.all()) == [program]
    page = login(reader).get(reverse("strategy:instruments", args=[plan.pk])).content.decode()
    assert "Plan Estratégico Habitacional 2020-2030" in page and "Programa 4.2.1" in page and "04/05/2020" in page
    assert "Nuevo instrumento" not in page
    download = login(reader).get(reverse("strategy:instrument_file", args=[ins.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]


def test_a_file_that_is_not_an_accepted_kind_is_refused(program, planner, login):
    response = login(planner).post(
        reverse("strategy:instrument_create", args=[program.plan_id]),
        {"kind": "law", "reference": "Ley 1537 de 2012",
         "file": SimpleUploadedFile("ley.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "Tipo de archivo no permitido: solo se aceptan PDF, imágenes (PNG, JPG, GIF) o documentos de Office (Word, Excel, PowerPoint)."
    ]
    assert not PlanningInstrument.objects.exists()
