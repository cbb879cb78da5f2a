"""A matrix snapshot produced by the worker is kept in the bucket and downloaded by the web."""
from unittest import mock

from monitoring import tasks
from monitoring.models import MatrixSnapshot
from tests.matrices.builders import dataset, load

URL = "/seguimiento/matrices/"


def run_in_the_worker(snapshot_id):
    result = tasks.generate_matrix_snapshot.apply(args=[snapshot_id])
    assert result.successful(), result.traceback


def test_a_snapshot_is_produced_into_the_bucket_and_downloaded_from_it(
    login, planner, reader, lead, lead2, bucket, django_capture_on_commit_callbacks
):
    dataset(lead=lead, lead2=lead2)
    with mock.patch.object(tasks.generate_matrix_snapshot, "delay", side_effect=run_in_the_worker):
        with django_capture_on_commit_callbacks(execute=True):
            response = login(planner).post(URL, {"kind": "plan-accion", "year": "2025", "cutoff": "2025-06-30"})
    assert response.status_code == 302
    snapshot = MatrixSnapshot.objects.get()
    assert snapshot.state == "done", snapshot.error
    assert bucket.names() == [snapshot.file.name]
    assert snapshot.file.name.startswith("matrices/2025/") and snapshot.file.name.endswith(".xlsx")
    download = login(reader).get(f"{URL}{snapshot.pk}/descargar/")
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="plan-accion-2025-corte-2025-06-30.xlsx"'
    content = b"".join(download.streaming_content)
    assert content == bucket.read(snapshot.file.name)
    assert load(content)["Proyectos"]["L7"].value == 500000000
    assert bucket.local_files() == []
