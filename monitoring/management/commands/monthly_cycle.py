import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from monitoring.monthly_cycle import run


class Command(BaseCommand):
    help = "Ejecuta el ciclo mensual de seguimiento del día (periodo, recordatorios, faltantes, matrices)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Fecha de referencia AAAA-MM-DD (por defecto hoy).")

    def handle(self, *args, date=None, **options):
        try:
            today = dt.date.fromisoformat(date) if date else None
        except ValueError:
            raise CommandError("La fecha debe tener el formato AAAA-MM-DD.") from None
        result = run(today=today)
        self.stdout.write(
            f"Ciclo mensual del {result['today']}: periodo abierto: {result['opened'] or 'ya existía'}; "
            f"{result['reminded']} recordatorios; {result['missing']} avisos de faltantes; "
            f"{len(result['matrices'])} matrices."
        )
        for line in result["matrices"]:
            self.stdout.write(f"  {line}")
