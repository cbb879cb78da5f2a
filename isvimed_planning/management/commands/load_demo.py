from django.core.management.base import BaseCommand

from isvimed_planning import demo


class Command(BaseCommand):
    help = "Carga datos de demostración (idempotente): usuarios por rol, plan, proyectos, presupuesto y reportes."

    def handle(self, *args, **options):
        users = demo.create_users()
        self.stdout.write(self.style.SUCCESS(f"Datos de demostración listos ({len(users)} usuarios)."))
