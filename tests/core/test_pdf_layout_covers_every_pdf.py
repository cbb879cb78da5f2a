"""Every PDF the application renders is measured by the layout test (tests/core/test_pdf_layout.py):
a new PDF view, or a view that changes its template, fails here until the layout test renders it
with the widest data and ten times the rows."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("strategy", "projects", "budget", "action_plan", "monitoring", "accountability")

# The templates tests/core/test_pdf_layout.py renders through their views.
MEASURED = {
    "accountability/report_pdf.html",  # private and public report
    "accountability/petitions_pdf.html",  # quarterly and access-to-information petitions reports
    "action_plan/plan_pdf.html",  # private and public published plan
    "projects/sheet_pdf.html",
    "strategy/plan_pdf.html",
    "budget/poai_pdf.html",
}


def _rendered_templates() -> set[str]:
    found = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "pdf_response":
                    template = node.args[0] if node.args else None
                    assert isinstance(template, ast.Constant), f"{path.relative_to(ROOT)}:{node.lineno}: name the template"
                    found.add(template.value)
    return found


def test_every_pdf_template_is_measured_by_the_layout_test():
    assert _rendered_templates() == MEASURED
