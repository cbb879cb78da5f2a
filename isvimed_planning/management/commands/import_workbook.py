"""python manage.py import_workbook PATH [--dry-run] [--usuario USERNAME] [--crear-usuarios]"""
from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Importa el libro de planeación (.xlsx): todo o nada. Con --dry-run solo valida."

    def add_arguments(self, parser):
        parser.add_argument("path", help="ruta del libro .xlsx")
        parser.add_argument("--dry-run", action="store_true", help="solo validar, no escribir nada")
        parser.add_argument("--usuario", help="usuario al que se atribuyen los cambios en el historial")
        parser.add_argument(
            "--crear-usuarios", action="store_true", dest="create_users",
            help="crear (inactivas, rol responsable) las cuentas de los responsables que no existan; "
            "sin esta opción un responsable desconocido es un error",
        )

    def handle(self, *args, path: str, dry_run: bool, usuario: str | None, create_users: bool = False, **options):
        from isvimed_planning.models import User
        from isvimed_planning.workbook.importer import import_workbook

        user = None
        if usuario:
            user = User.objects.filter(username=usuario).first()
            if user is None:
                raise CommandError(f"El usuario «{usuario}» no existe.")
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"No se encuentra el archivo {path}.")
        with file.open("rb") as handle:
            result = import_workbook(
                handle, user=user, filename=file.name, dry_run=dry_run, create_users=create_users
            )
        for warning in result.warnings:
            self.stdout.write(f"aviso: {warning.line}")
        if result.errors:
            for error in result.errors:
                self.stderr.write(error.line)
            self.stderr.write(f"{result.error_total:,} errores: no se importó nada.".replace(",", "."))
            raise SystemExit(1)
        for line in result.summary_lines():
            self.stdout.write(line)
        new_users = result.new_users_line()
        if new_users:
            self.stdout.write(new_users)
        if dry_run:
            self.stdout.write("Validación sin errores (--dry-run): no se escribió nada.")
        else:
            self.stdout.write(self.style.SUCCESS("Libro importado."))
