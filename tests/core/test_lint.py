"""The application code passes ruff and mypy as configured in pyproject.toml ([tool.ruff], [tool.mypy]),
the same checks `make lint` runs before the suites: a lint or type error fails the suite with the tools'
own report. The tools are the pinned ones of the test extra, next to this interpreter."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _run(args: list, **env: str) -> subprocess.CompletedProcess:
    tool = BIN / args[0]
    assert tool.exists(), f"{args[0]} is missing: install the test extra (pip install -e '.[test]')"
    return subprocess.run(
        [tool, *args[1:]], cwd=ROOT, capture_output=True, text=True, timeout=600, env={**os.environ, **env}
    )


def test_ruff_finds_nothing_in_the_application_code():
    # No cache: the SQLite and PostgreSQL suites run at the same time, and ruff takes a second anyway.
    result = _run(["ruff", "check", "--no-cache", "--output-format", "concise", "."])
    assert result.returncode == 0, f"ruff check failed:\n{result.stdout}{result.stderr}"


def test_mypy_finds_no_type_error_in_the_application_code():
    # One cache per suite (they run in parallel); the Django plugin loads the settings, which need DEBUG (or a
    # SECRET_KEY) like the tests themselves.
    suite = "postgres" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    result = _run(["mypy", "--cache-dir", str(ROOT / "var" / f"mypy_cache-test-{suite}")], DEBUG="1")
    assert result.returncode == 0, f"mypy failed:\n{result.stdout}{result.stderr}"
