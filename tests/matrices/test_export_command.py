"""python manage.py export_matrix KIND --vigencia Y --corte AAAA-MM-DD --output PATH"""
import pytest
from django.core.management import CommandError, call_command

from tests.matrices.builders import load


def test_export_matrix_writes_the_plan_de_accion(data, tmp_path):
    out = tmp_path / "plan-accion.xlsx"
    call_command("export_matrix", "plan-accion", "--vigencia", "2025", "--corte", "2025-06-30", "--output", str(out))
    wb = load(out.read_bytes())
    ws = wb["Proyectos"]
    assert ws["A3"].value == "Vigencia 2025 – Fecha de corte 30/06/2025"
    assert [ws.cell(row=r, column=4).value for r in (6, 7, 8)] == ["2025009", "20250010", "2025011"]
    assert ws["L7"].value == 500000000


@pytest.mark.parametrize(
    "args, message",
    [
        (["plan", "--vigencia", "2025", "--corte", "2025-06-30"],
         "Matriz desconocida «plan». Use una de: plan-indicativo, plan-accion, georreferenciacion, presupuesto-resultados."),
        (["plan-accion", "--corte", "2025-06-30"], "Indique la vigencia con --vigencia AAAA."),
        (["plan-accion", "--vigencia", "dos mil", "--corte", "2025-06-30"], "La vigencia «dos mil» no es un año válido."),
        (["plan-accion", "--vigencia", "2025", "--corte", "30/06/2025"],
         "La fecha de corte «30/06/2025» no es válida: use AAAA-MM-DD."),
        (["plan-accion", "--vigencia", "2025", "--corte", "2024-12-31"],
         "La fecha de corte debe estar dentro de la vigencia 2025."),
    ],
)
def test_export_matrix_refuses_bad_arguments_in_spanish(db, tmp_path, args, message):
    out = tmp_path / "x.xlsx"
    with pytest.raises(CommandError) as exc:
        call_command("export_matrix", *args, "--output", str(out))
    assert str(exc.value) == message
    assert not out.exists()


def test_export_matrix_exits_non_zero_on_bad_arguments(tmp_path):
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "manage.py", "export_matrix", "plan-accion", "--vigencia", "2025", "--corte", "2026-01-31",
         "--output", str(tmp_path / "x.xlsx")],
        capture_output=True, text=True, env={**__import__("os").environ, "DEBUG": "1"},
    )
    assert result.returncode != 0
    assert "La fecha de corte debe estar dentro de la vigencia 2025." in result.stderr
