"""Data flows one way: strategy <- projects <- budget <- action_plan <- monitoring <-
accountability <- transparency <- tooling. An app imports only the apps before it, and the shared base
(isvimed_planning/) imports none of them, at module level or inside a function: apps plug their
pieces into it (settings, URLs and the Celery app name them as strings)."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FLOW = ["strategy", "projects", "budget", "action_plan", "monitoring", "accountability", "transparency", "opendata",
        "tooling"]
BASE = "isvimed_planning"


def _imported_apps(path: Path) -> set[tuple[str, int]]:
    """(app, line) of every import of an app in the file, wherever it stands."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in FLOW:
                found.add((top, node.lineno))
    return found


def _python_files(package: str):
    return sorted((ROOT / package).rglob("*.py"))


def _violations(package: str, allowed: set[str]) -> list[str]:
    return [
        f"{path.relative_to(ROOT)}:{line} imports {app}"
        for path in _python_files(package)
        for app, line in sorted(_imported_apps(path))
        if app not in allowed and app != package
    ]


def test_the_shared_base_imports_no_app():
    assert _python_files(BASE), "the base package was not found"
    assert _violations(BASE, allowed=set()) == []


def test_each_app_imports_only_the_apps_before_it():
    problems = []
    for position, app in enumerate(FLOW):
        problems += _violations(app, allowed=set(FLOW[:position]))
    assert problems == []


def test_the_check_sees_an_import_hidden_in_a_function(tmp_path):
    module = tmp_path / "hidden.py"
    module.write_text("def f():\n    from monitoring.models import ProgressReport\n    import budget.selectors\n")
    assert _imported_apps(module) == {("monitoring", 2), ("budget", 3)}
