"""docs/cuadre.md lists every rule of the table, with its severity and who acts, and no other."""
import re
from pathlib import Path

from monitoring.cuadre.base import Actor, Severity
from monitoring.cuadre.rules import RULES

DOC = Path(__file__).resolve().parents[3] / "docs" / "cuadre.md"


def test_the_documented_rules_are_the_rules():
    rows = re.findall(r"^\| (CU\d+) \| (.+?) \| (.+?) \| (.+?) \|", DOC.read_text(encoding="utf-8"), flags=re.M)
    assert rows == [
        (rule.code, rule.title, Severity(rule.severity).label, Actor(rule.acts).label) for rule in RULES
    ]
