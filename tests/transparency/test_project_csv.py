"""The project's CSV carries the page's approved figures: its products and its money by source."""
from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from .builders import NOW, public_world

pytestmark = pytest.mark.django_db


def test_the_csv_has_the_products_and_the_sources(client, lead, time_machine):
    time_machine.move_to(NOW)
    project, *_ = public_world(lead=lead)
    response = client.get(f"/ciudadania/proyectos/{project.pk}/datos.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f"proyecto-{project.bank_code}.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert rows[0][:4] == ["vigencia", "2025", "fecha_corte", "2025-03-31"]
    body = [dict(zip(rows[1], r, strict=True)) for r in rows[2:]]
    product = next(r for r in body if r["seccion"] == "producto")
    assert (product["codigo"], Decimal(product["meta_vigencia"]), Decimal(product["avance_reportado"])) == ("P1", 20, 3)
    source = next(r for r in body if r["seccion"] == "fuente")
    assert source["nombre"] == "Recursos propios"
    assert Decimal(source["presupuesto_definitivo"]) == Decimal("10000000")
    assert Decimal(source["comprometido"]) == Decimal("1234567")
    total = body[-1]
    assert total["seccion"] == "total" and Decimal(total["pagado"]) == Decimal("800000")
