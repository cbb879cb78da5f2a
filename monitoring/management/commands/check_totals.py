"""python manage.py check_totals [--fix]: the monthly totals (monitoring.totals) against the rows."""
from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from monitoring import totals

# At most this many differences are printed (the count is always given).
SHOWN = 50


class Command(BaseCommand):
    help = (
        "Recalcula los totales mensuales de los indicadores desde los reportes aprobados y muestra "
        "cada diferencia con los guardados; --fix los reconstruye."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--fix", action="store_true", help="Reconstruye los totales desde los reportes.")

    def handle(self, *args, fix: bool = False, **options):
        differences = totals.compare()
        if not differences:
            self.stdout.write(self.style.SUCCESS("Los totales mensuales coinciden con los reportes aprobados."))
            return
        for difference in differences[:SHOWN]:
            self.stdout.write(str(difference))
        if len(differences) > SHOWN:
            self.stdout.write(f"… y {len(differences) - SHOWN} diferencias más.")
        if fix:
            totals.recompute_all()
            left = totals.compare()
            if left:
                raise CommandError(f"Tras reconstruirlos quedan {len(left)} diferencias.")
            self.stdout.write(self.style.SUCCESS(
                f"{_count(len(differences))} {'corregida' if len(differences) == 1 else 'corregidas'}: los totales se reconstruyeron desde los reportes aprobados."
            ))
            return
        raise CommandError(
            f"{_count(len(differences))} entre los totales mensuales y los reportes aprobados. "
            "Ejecute «manage.py check_totals --fix» para reconstruirlos."
        )


def _count(n: int) -> str:
    return "1 diferencia" if n == 1 else f"{n} diferencias"
