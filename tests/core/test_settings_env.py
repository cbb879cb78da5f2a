import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _env(env_overrides: dict[str, str]) -> dict[str, str]:
    dropped = {"DATABASE_URL", "CELERY_BROKER_URL", "DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE", "TEST_DATABASE_NAME"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(env_overrides)
    return env


def run_django(env_overrides: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=_env(env_overrides), capture_output=True, text=True, timeout=120
    )


def run_program(env_overrides: dict[str, str], program: str, *args: str) -> subprocess.CompletedProcess:
    executable = str(Path(sys.executable).with_name(program))
    return subprocess.run(
        [executable, *args], cwd=ROOT, env=_env(env_overrides), capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"DEBUG": "maybe"}, "DEBUG='maybe' is not a boolean"),
        ({"DEBUG": "0"}, "SECRET_KEY is required when DEBUG is off."),
        ({"DEBUG": "1", "DATABASE_URL": "mysql://x"}, "DATABASE_URL='mysql://x' must start with one of"),
        ({"DEBUG": "1", "EMAIL_PORT": "veinticinco"}, "EMAIL_PORT='veinticinco' is not an integer."),
        ({"DEBUG": "1", "DANE_MUNICIPALITY_CODE": "0500"}, "DANE_MUNICIPALITY_CODE must be the 5-digit DANE code"),
        ({"DEBUG": "1", "DANE_MUNICIPALITY_CODE": "0500²"}, "DANE_MUNICIPALITY_CODE must be the 5-digit DANE code"),
    ],
)
def test_bad_environment_values_stop_the_start_loudly(overrides, message):
    result = run_django(overrides, "check")
    assert result.returncode != 0
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr  # one line, no traceback
    assert lines[0].startswith(f"Configuration error: {message}")


MISSING_KEY = "Configuration error: SECRET_KEY is required when DEBUG is off."


def test_gunicorn_stops_with_one_line_and_no_traceback_when_the_secret_key_is_missing():
    result = run_program(
        {"DEBUG": "0"}, "gunicorn", "isvimed_planning.wsgi:application", "--bind", "127.0.0.1:0", "--workers", "1", "--no-control-socket"
    )
    assert result.returncode == 4  # gunicorn's "App failed to load": the master stops, no respawn loop
    assert result.stderr.count(MISSING_KEY) == 1
    assert "Traceback" not in result.stderr
    assert "Reason: App failed to load." in result.stderr


@pytest.mark.parametrize("command", ["worker", "beat"])
def test_celery_stops_with_one_line_when_the_secret_key_is_missing(command):
    result = run_program({"DEBUG": "0"}, "celery", "-A", "isvimed_planning", command)
    assert result.returncode != 0
    assert result.stderr.splitlines() == [MISSING_KEY]


PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "a-long-random-production-secret-for-the-deploy-check-0123456789abcdef",
    "ALLOWED_HOSTS": "planeacion.isvimed.gov.co",
    "DATABASE_URL": "postgres://isvimed:secret@127.0.0.1:5432/isvimed",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    "CACHE_URL": "redis://127.0.0.1:6379/1",
    "EMAIL_HOST": "smtp.isvimed.gov.co",
}


def test_check_deploy_passes_with_production_settings():
    result = run_django(PRODUCTION_ENV, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
