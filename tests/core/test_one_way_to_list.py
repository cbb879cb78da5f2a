"""One way to filter a list and one way to write an xlsx file.

- Lists: a view hands `request.GET` to a selector, which applies the app's django-filter
  FilterSet (`<app>/filters.py`) and returns the rows and the filter set. No view reads a filter
  parameter itself or builds a filter set; the page number is read by the paginator.
- xlsx: only `isvimed_planning/xlsx.py` opens an XlsxWriter or openpyxl workbook to write.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APPS = ["isvimed_planning", "strategy", "projects", "budget", "action_plan", "monitoring", "accountability", "transparency", "tooling"]

PAGING = {"pagina", "pagina_sin_reporte"}
# (file, query parameter or form): reads of the query string that filter no list, and why.
NOT_FILTERS = {
    ("strategy/views.py", "plan"): "the plan a page is about (404 when not visible), not a filter of its rows",
    ("strategy/views.py", "linea"): "the initial line of the new-component form",
    ("strategy/views.py", "componente"): "the initial component of the new-program form",
    ("strategy/views.py", "programa"): "the initial program of the new-indicator form",
    ("projects/views.py", "producto"): "the initial product of the new-activity form",
    ("budget/views.py", "producto"): "the unit-cost form opened on that product",
    ("strategy/views.py", "CompareForm"): "the two platform versions to compare, not a list",
    ("accountability/views.py", "FiguresForm"): "the execution figures to put into an answer, not a list",
    ("accountability/views.py", "vigencia"): "whether the figures form above was sent",
    ("accountability/views.py", "periodo"): "the quarter or year a petitions report is about (a document, like a cutoff)",
    ("accountability/views.py", "informe"): "which of the two petitions reports (quarterly, access to information)",
    ("monitoring/views.py", "MonthForm"): "the month the dashboard and the indicators are computed for",
    ("monitoring/views_submissions.py", "VerifyHashForm"): "the SHA-256 of a file to verify, not a filter of the list",
    ("isvimed_planning/deadlines/views.py", "PeriodForm"): "the window the ANS page computes, not a list filter",
}
# Files that may open an xlsx writer themselves, and why.
XLSX_WRITERS = {
    "isvimed_planning/xlsx.py": "the shared writer",
    "tooling/management/commands/benchmark.py": "measures the raw writers (XlsxWriter, tablib, import-export) "
    "against the shared one on purpose; writes no export",
}


def _python_files(name_pattern: str = "*.py"):
    for app in APPS:
        for path in sorted((ROOT / app).rglob(name_pattern)):
            if "migrations" not in path.parts:
                yield path, path.relative_to(ROOT).as_posix()


def _is_request_get(node) -> bool:
    return (
        isinstance(node, ast.Attribute) and node.attr == "GET"
        and isinstance(node.value, ast.Name) and node.value.id == "request"
    )


def _literal(node):
    return node.value if isinstance(node, ast.Constant) else "<not a literal>"


def _query_reads(tree):
    """(line, what) of every read of one query parameter or form built on the query string."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr in {"get", "getlist"} and _is_request_get(func.value):
                yield node.lineno, _literal(node.args[0]) if node.args else "<no key>"
            elif any(_is_request_get(a) or (isinstance(a, ast.BoolOp) and any(map(_is_request_get, a.values)))
                     or (isinstance(a, ast.IfExp) and _is_request_get(a.body)) for a in node.args):
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
                if name.endswith(("Form", "Filter")):
                    yield node.lineno, name
        elif isinstance(node, ast.Subscript) and _is_request_get(node.value):
            yield node.lineno, _literal(node.slice)
        elif isinstance(node, ast.Compare) and any(_is_request_get(c) for c in node.comparators):
            yield node.lineno, _literal(node.left)


def test_no_view_reads_a_filter_from_the_query_string():
    problems = []
    used = set()
    for path, relative in _python_files("views*.py"):
        for line, what in _query_reads(ast.parse(path.read_text(encoding="utf-8"))):
            if what in PAGING:
                continue
            if (relative, what) in NOT_FILTERS:
                used.add((relative, what))
                continue
            problems.append(f"{relative}:{line}: reads {what!r} from request.GET: filter in the selector with the app's FilterSet")
    assert problems == []
    assert set(NOT_FILTERS) - used == set(), "exceptions listed here that no view has any more"


def test_filter_sets_live_in_filters_py_and_are_applied_by_selectors():
    defined = {}
    for path, relative in _python_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and any(
                (isinstance(b, ast.Attribute) and b.attr == "FilterSet") or (isinstance(b, ast.Name) and b.id == "FilterSet")
                for b in node.bases
            ):
                defined[node.name] = relative
    assert defined, "no FilterSet found"
    assert {r for r in defined.values() if not r.endswith("/filters.py")} == set()
    for path, relative in _python_files("views*.py"):
        text = path.read_text(encoding="utf-8")
        built = [name for name in defined if re.search(rf"\b{name}\(", text)]
        assert built == [], f"{relative} builds {built}: let the selector apply it"
    selectors = "".join(p.read_text(encoding="utf-8") for p, _ in _python_files("selectors.py"))
    for name in defined:
        assert re.search(rf"\b{name}\(", selectors), f"{name} is applied by no selector"


def test_only_the_shared_module_writes_xlsx():
    opening = re.compile(r"^\s*(import xlsxwriter|from xlsxwriter\b)|\bWorkbook\(|openpyxl\.Workbook\b", re.MULTILINE)
    found = {relative for path, relative in _python_files() if opening.search(path.read_text(encoding="utf-8"))}
    assert found == set(XLSX_WRITERS)
