"""python manage.py export_workbook PATH [--plan ANIO_INICIO]"""
from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Exporta todos los datos en el formato del libro de planeación (.xlsx)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="ruta del libro .xlsx a escribir")
        parser.add_argument("--plan", type=int, help="año inicial del plan (por defecto, el más reciente)")

    def handle(self, *args, path: str, plan: int | None, **options):
        from isvimed_planning.workbook.base import export_scope
        from isvimed_planning.workbook.exporter import export_workbook

        the_plan = None
        if plan is not None:
            the_plan = export_scope(plan)
            if the_plan is None:
                raise CommandError(f"No hay un plan que empiece en {plan}.")
        counts = export_workbook(path, plan=the_plan)
        for sheet, n in counts.items():
            self.stdout.write(f"{sheet}: {n} filas")
        self.stdout.write(self.style.SUCCESS(f"Libro escrito en {path}."))
