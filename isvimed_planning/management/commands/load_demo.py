from django.core.management.base import BaseCommand

from isvimed_planning import demo


class Command(BaseCommand):
    help = "Carga datos de demostración (idempotente): usuarios por rol, plan, proyectos, presupuesto y reportes."

    def handle(self, *args, **options):
        users = demo.create_users()
        created = demo.create_institute(users)
        if created:
            from isvimed_planning.deadlines.services import sweep

            sweep()  # the ANS clocks start at once instead of at the first nightly sweep
            self.stdout.write(self.style.SUCCESS("Datos de demostración creados: plan 2024-2027, 12 proyectos, presupuesto, plan de acción y un año de reportes."))
        else:
            self.stdout.write("La base ya tiene un plan de desarrollo: se conservan sus datos.")
        self.stdout.write(self.style.SUCCESS(f"Usuarios de demostración listos ({len(users)})."))
