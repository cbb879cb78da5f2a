"""Run a real Celery worker process against the test database, over the configured broker."""
from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
MAIL_DIR = ROOT / "var" / f"test-mail-{os.getpid()}"


# The storage variables read by isvimed_planning.storage_config: a child process gets the test's
# values, never the developer's shell's.
STORAGE_VARIABLES = (
    "STORAGE_BACKEND", "AWS_STORAGE_BUCKET_NAME", "AWS_S3_ENDPOINT_URL", "AWS_S3_REGION_NAME", "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY", "AWS_S3_ADDRESSING_STYLE", "AWS_LOCATION", "AWS_S3_MAX_MEMORY_SIZE",
)


def storage_env() -> dict[str, str]:
    """The environment that gives a child process this test's kept-file storage: its MEDIA_ROOT
    and STORAGES["default"] (the file system, or the same bucket with the same options)."""
    env = {"MEDIA_ROOT": str(Path(settings.MEDIA_ROOT).resolve())}
    default = settings.STORAGES["default"]
    if default["BACKEND"] == "storages.backends.s3.S3Storage":
        options = default.get("OPTIONS", {})
        env.update(
            STORAGE_BACKEND="s3",
            AWS_STORAGE_BUCKET_NAME=options["bucket_name"],
            AWS_S3_ENDPOINT_URL=options.get("endpoint_url") or "",
            AWS_S3_REGION_NAME=options.get("region_name") or "",
            AWS_ACCESS_KEY_ID=options.get("access_key") or "",
            AWS_SECRET_ACCESS_KEY=options.get("secret_key") or "",
            AWS_S3_ADDRESSING_STYLE=options.get("addressing_style") or "",
            AWS_LOCATION=options.get("location") or "",
        )
    else:
        env["STORAGE_BACKEND"] = "filesystem"
    return {name: value for name, value in env.items() if value}


def worker_env() -> dict[str, str]:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        name = str(db["NAME"])
        if "memory" in name or name == ":memory:":
            pytest.fail("The Celery worker test needs a file test database: set TEST_DATABASE_NAME (make test does).")
        url = f"sqlite:///{Path(name).resolve()}"
    else:
        url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {name: value for name, value in os.environ.items() if name not in STORAGE_VARIABLES}
    env.update(
        DATABASE_URL=url,
        CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
        DEBUG="1",
        TEST_DATABASE_NAME="",
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(MAIL_DIR),
        **storage_env(),
    )
    return env


@contextlib.contextmanager
def running_worker(
    timeout: float = 60.0, extra_args: tuple[str, ...] = (), app_module: str = "isvimed_planning",
    extra_env: dict[str, str] | None = None,
):
    from isvimed_planning.celery import app

    if not settings.CELERY_BROKER_URL.startswith("redis"):
        pytest.fail("The Celery worker test runs over Redis: set CELERY_BROKER_URL=redis://... (make test does).")
    app.control.purge()
    log = ROOT / "var" / f"test-worker-{os.getpid()}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    cmd = [
        sys.executable, "-m", "celery", "-A", app_module, "worker", "-P", "solo", "-c", "1",
        "--without-gossip", "--without-mingle", "-l", "INFO", "-n", f"test-{os.getpid()}@%h", *extra_args,
    ]
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env={**worker_env(), **(extra_env or {})}, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + timeout
    try:
        while "ready." not in log.read_text():
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"The Celery worker did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
        proc.log_path = log  # type: ignore[attr-defined]
        yield proc
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def kill_worker(proc) -> None:
    """SIGKILL the worker and its children: no clean shutdown, no acknowledgement."""
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=15)


def forget_unacked() -> None:
    """Drop messages left unacknowledged by workers of earlier tests."""
    from isvimed_planning.celery import app

    with app.connection_for_write() as conn:
        channel = conn.default_channel
        channel.client.delete(channel.unacked_key, channel.unacked_index_key)


def redeliver_unacked() -> int:
    """What Redis does, once the visibility timeout passes, for a message whose worker died."""
    from isvimed_planning.celery import app

    with app.connection_for_write() as conn:
        channel = conn.default_channel
        tags = channel.client.hkeys(channel.unacked_key)
        for tag in tags:
            channel.qos.restore_by_tag(tag, channel.client)
        return len(tags)


def wait_for(predicate, timeout: float = 30.0, interval: float = 0.2):
    """Poll until `predicate()` is truthy; returns its value or fails the test."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    pytest.fail("Timed out waiting for the worker.")
