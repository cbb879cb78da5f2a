"""The processes a test starts (the Celery worker of tests/worker.py, the web processes of
test_two_web_processes.py) get the test's kept-file storage through their environment, never the
developer's shell's: a developer with a bucket or a MEDIA_ROOT exported must not have the
suite's files written there."""
from isvimed_planning.storage_config import FILESYSTEM_BACKEND, S3_BACKEND, default_storage_from_env
from tests.worker import STORAGE_VARIABLES, worker_env

DEVELOPER = {
    "MEDIA_ROOT": "/home/dev/isvimed/media", "STORAGE_BACKEND": "s3", "AWS_STORAGE_BUCKET_NAME": "bucket-del-dev",
    "AWS_S3_ENDPOINT_URL": "https://s3.dev.example", "AWS_LOCATION": "dev", "AWS_ACCESS_KEY_ID": "dev",
    "AWS_SECRET_ACCESS_KEY": "dev-secreto",
}


def child_environment(monkeypatch) -> dict[str, str]:
    """The child's environment (tests.worker.worker_env), made this process's for the check."""
    env = worker_env()
    for name in [*STORAGE_VARIABLES, "MEDIA_ROOT"]:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return env


def test_a_file_system_test_gives_its_media_root_and_no_bucket(settings, tmp_path, monkeypatch):
    for name, value in DEVELOPER.items():
        monkeypatch.setenv(name, value)
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": FILESYSTEM_BACKEND}}
    env = child_environment(monkeypatch)
    assert env["MEDIA_ROOT"] == str((tmp_path / "media").resolve())
    assert env["STORAGE_BACKEND"] == "filesystem"
    assert [name for name in STORAGE_VARIABLES if name in env] == ["STORAGE_BACKEND"]
    assert default_storage_from_env() == {"BACKEND": FILESYSTEM_BACKEND}


def test_a_bucket_test_gives_the_same_bucket_options(settings, tmp_path, monkeypatch):
    for name, value in DEVELOPER.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", "isvimed-prueba")
    monkeypatch.setenv("AWS_S3_ENDPOINT_URL", "http://127.0.0.1:9999")
    monkeypatch.setenv("AWS_S3_REGION_NAME", "us-east-1")
    monkeypatch.setenv("AWS_S3_ADDRESSING_STYLE", "path")
    monkeypatch.delenv("AWS_LOCATION")
    the_tests = default_storage_from_env()
    assert the_tests["BACKEND"] == S3_BACKEND
    settings.STORAGES = {**settings.STORAGES, "default": the_tests}
    settings.MEDIA_ROOT = tmp_path / "media"
    for name, value in DEVELOPER.items():  # the shell the suite was started from
        monkeypatch.setenv(name, value)
    child_environment(monkeypatch)
    assert default_storage_from_env() == the_tests
