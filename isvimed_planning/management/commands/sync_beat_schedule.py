"""Write the periodic jobs declared in isvimed_planning/celery.py into the database schedule.

`migrate` already does it (isvimed_planning/beat.py); this is the same step alone.
"""
from django.core.management.base import BaseCommand

from isvimed_planning.beat import sync_periodic_tasks


class Command(BaseCommand):
    help = "Sincroniza las tareas periódicas del código con la programación de beat en la base de datos."

    def handle(self, *args, **options):
        result = sync_periodic_tasks()
        self.stdout.write(
            f"Programación de beat: {len(result.created)} creadas, {len(result.updated)} actualizadas, "
            f"{len(result.deleted)} eliminadas."
        )
