from django.core.management.base import BaseCommand

from isvimed_planning.deadlines.tasks import command_day


class Command(BaseCommand):
    help = "Sincroniza los plazos ANS, actualiza sus estados y envía los avisos pendientes (idempotente)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Fecha de referencia AAAA-MM-DD (por defecto hoy).")

    def handle(self, *args, date=None, **options):
        from isvimed_planning.deadlines.services import sweep
        from isvimed_planning.tasks import resend_pending_emails

        today = command_day(date)
        result = sweep(today=today)
        result["emails_requeued"] = resend_pending_emails()
        sent = result["sent"]
        self.stdout.write(
            f"Barrido ANS del {result['today']}: {sum(v['created'] for v in result['synced'].values())} plazos nuevos, "
            f"{sent['at_risk']} avisos de riesgo, {sent['overdue']} escalamientos por vencimiento."
        )
