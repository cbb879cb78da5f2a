import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from tooling import demo


class Command(BaseCommand):
    help = "Carga datos de demostración (idempotente): usuarios por rol, plan, proyectos, presupuesto y reportes."

    def handle(self, *args, **options):
        users = demo.create_users()
        created = demo.create_institute(users)
        if created:
            from isvimed_planning.deadlines.services import sweep
            from monitoring.models import MatrixSnapshot, ProgressReport, ReportingPeriod
            from monitoring.monthly_cycle import produce_matrices

            # The matrices the monthly cycle would have sent at each past cutoff, then the ANS
            # clocks, so the demo starts with a history instead of waiting for the nightly jobs.
            for period in ReportingPeriod.objects.filter(state="closed").order_by("year", "month"):
                sent_on = timezone.make_aware(dt.datetime.combine(period.report_deadline, dt.time(17, 0)))
                ProgressReport.objects.filter(year=period.year, month=period.month, state="approved").update(
                    approved_at=sent_on - dt.timedelta(days=1)
                )
                for snapshot in produce_matrices(period):
                    MatrixSnapshot.objects.filter(pk=snapshot.pk).update(created_at=sent_on, finished_at=sent_on)
            sweep()
            self.stdout.write(self.style.SUCCESS("Datos de demostración creados: plan 2024-2027, 12 proyectos, presupuesto, plan de acción y un año de reportes."))
        else:
            self.stdout.write("La base ya tiene un plan de desarrollo: se conservan sus datos.")
        self.stdout.write(self.style.SUCCESS(f"Usuarios de demostración listos ({len(users)})."))
