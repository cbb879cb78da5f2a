"""The walk list of the export tests is complete: a new download route or export command that is
not in tests/exports/builders.py fails here, so it cannot skip the formula and file-name checks."""
from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.core.management import get_commands
from django.urls import URLPattern, URLResolver, get_resolver

from tests.exports.builders import DOWNLOAD_ROUTE, EXPORT_COMMANDS, OTHER_DOWNLOAD_ROUTES, SPREADSHEET_ROUTES

DOWNLOAD_NAME = re.compile(r"(xlsx|xls|csv|tsv|ods|pdf|json|zip|download|export|_file)$")
PROJECT_APPS = {"isvimed_planning", "strategy", "projects", "budget", "action_plan", "monitoring", "accountability"}


def routes(resolver=None, prefix="", namespace=None):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            ns = ":".join(n for n in (namespace, pattern.namespace) if n) if pattern.namespace else namespace
            yield from routes(pattern, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield prefix + str(pattern.pattern), name


def test_every_download_route_is_in_the_walk_list():
    found = set()
    for route, name in routes():
        if route.startswith("admin/"):
            continue  # the admin's exports are walked model by model (test_formula_injection.py)
        if DOWNLOAD_ROUTE.search(route) or (name and DOWNLOAD_NAME.search(name)):
            assert name, f"download route without a name: {route}"
            found.add(name)
    walked = set(SPREADSHEET_ROUTES) | OTHER_DOWNLOAD_ROUTES
    assert found - walked == set(), "download routes missing from tests/exports/builders.py"
    assert walked - found == set(), "routes in the walk list that no longer exist"


def test_every_export_command_is_in_the_walk_list():
    ours = {name for name, app in get_commands().items() if app.split(".")[0] in PROJECT_APPS}
    exporting = {name for name in ours if name.startswith("export")}
    assert exporting == EXPORT_COMMANDS


def test_no_writer_bypasses_the_safe_export_helper():
    """Spreadsheets and download headers are written only through isvimed_planning/safe_export.py
    (and isvimed_planning/xlsx.py, which uses it)."""
    risky = {
        r"Content-Disposition\"\]\s*=": "Content-Disposition set by hand: use safe_export.set_download_name",
        r"\bcsv\.(writer|DictWriter)\(": "csv writer without escaping: use safe_export.csv_writer",
        r"xlsxwriter\.Workbook\((?!.*XLSXWRITER_OPTIONS)": "XlsxWriter without safe_export.XLSXWRITER_OPTIONS",
        r"\.cell\(row=.*value=": "openpyxl cell written directly: use isvimed_planning.xlsx",
        r"\bws\d?\[\"[A-Z]+\d+\"\]\s*=": "openpyxl cell written directly: use isvimed_planning.xlsx",
        r"\bFileResponse\(": "FileResponse outside isvimed_planning/files.py: use files.attachment_response",
    }
    allowed = {Path("isvimed_planning/safe_export.py"), Path("isvimed_planning/files.py")}
    root = Path(settings.BASE_DIR)
    problems = []
    for app in sorted(PROJECT_APPS):
        for path in sorted((root / app).rglob("*.py")):
            relative = path.relative_to(root)
            if relative in allowed or "migrations" in relative.parts:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                for pattern, why in risky.items():
                    if re.search(pattern, line):
                        problems.append(f"{relative}:{number}: {why}")
    assert problems == []
