"""python manage.py export_matrix KIND --vigencia Y --corte AAAA-MM-DD --output PATH"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from isvimed_planning.workflow import DomainError
from monitoring.matrices import KINDS
from monitoring.matrix_services import export


class Command(BaseCommand):
    help = "Genera una de las cuatro matrices para la Alcaldía en un archivo .xlsx."

    def add_arguments(self, parser: CommandParser) -> None:
        # Arguments are optional for argparse (its messages are in English) and checked in handle().
        parser.add_argument("kind", nargs="?", help=f"Matriz: {', '.join(KINDS)}")
        parser.add_argument("--vigencia", help="Vigencia (año), p. ej. 2025")
        parser.add_argument("--corte", help="Fecha de corte AAAA-MM-DD, dentro de la vigencia")
        parser.add_argument("--output", help="Ruta del archivo .xlsx a escribir")

    def handle(self, *args, kind=None, vigencia=None, corte=None, output=None, **options):
        if not kind:
            raise CommandError(f"Indique la matriz: {', '.join(KINDS)}.")
        if kind not in KINDS:
            raise CommandError(f"Matriz desconocida «{kind}». Use una de: {', '.join(KINDS)}.")
        if not vigencia:
            raise CommandError("Indique la vigencia con --vigencia AAAA.")
        try:
            year = int(vigencia)
        except ValueError:
            raise CommandError(f"La vigencia «{vigencia}» no es un año válido.") from None
        if not corte:
            raise CommandError("Indique la fecha de corte con --corte AAAA-MM-DD.")
        try:
            cutoff = dt.date.fromisoformat(corte)
        except ValueError:
            raise CommandError(f"La fecha de corte «{corte}» no es válida: use AAAA-MM-DD.") from None
        if not output:
            raise CommandError("Indique el archivo de salida con --output RUTA.xlsx.")
        path = Path(output)
        if not path.parent.exists():
            raise CommandError(f"La carpeta «{path.parent}» no existe.")
        partial = path.with_name(path.name + ".part")
        try:
            export(kind=kind, year=year, cutoff=cutoff, fileobj=str(partial))
        except DomainError as exc:
            raise CommandError(exc.message) from None
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        partial.replace(path)  # the finished file appears at once, never half written
        self.stdout.write(self.style.SUCCESS(f"Matriz {kind} (vigencia {year}, corte {cutoff:%d/%m/%Y}) escrita en {path}"))
