"""The answer file of an information request is kept in the bucket and downloaded from it."""
import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.accountability.builders import PDF_BYTES, info_request


def test_planner_answers_with_a_file_kept_in_the_bucket_and_a_reader_downloads_it(login, planner, reader, bucket):
    req = info_request(received_on=dt.date(2026, 3, 27))
    upload = SimpleUploadedFile("respuesta firmada.pdf", PDF_BYTES, content_type="application/pdf")
    response = login(planner).post(
        f"/rendicion/solicitudes/{req.pk}/responder/",
        {"answered_on": "2026-04-15", "answer": "Adjuntamos el estado de su postulación.", "version": req.version,
         "answer_file": upload},
    )
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.state == "answered"
    assert bucket.names() == [req.answer_file.name]
    assert req.answer_file.name.startswith("accountability/answers/")
    assert bucket.read(req.answer_file.name) == PDF_BYTES
    download = login(reader).get(f"/rendicion/solicitudes/{req.pk}/respuesta/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert bucket.local_files() == []
