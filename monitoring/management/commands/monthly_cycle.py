from django.core.management.base import BaseCommand

from isvimed_planning.deadlines.tasks import command_day
from monitoring.monthly_cycle import run


class Command(BaseCommand):
    help = "Ejecuta el ciclo mensual de seguimiento del día (periodo, recordatorios, faltantes, matrices)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Fecha de referencia AAAA-MM-DD (por defecto hoy).")

    def handle(self, *args, date=None, **options):
        today = command_day(date)
        result = run(today=today)
        self.stdout.write(
            f"Ciclo mensual del {result['today']}: periodo abierto: {result['opened'] or 'ya existía'}; "
            f"{result['reminded']} recordatorios; {result['missing']} avisos de faltantes; "
            f"{len(result['matrices'])} matrices."
        )
        for line in result["matrices"]:
            self.stdout.write(f"  {line}")
        if result["warned"]:
            self.stdout.write(f"  {result['warned']} alertas tempranas enviadas.")
