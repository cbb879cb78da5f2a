"""python manage.py refresh_figures: the institute's figures of the current cycle computed into the
shared cache, as the beat job does every minute; run after a deploy or after emptying the cache."""
from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from monitoring.selectors import refresh_figures


class Command(BaseCommand):
    help = "Calcula en la caché compartida las cifras del instituto del ciclo actual (tablero de seguimiento)."

    def handle(self, *args, **options):
        started = time.perf_counter()
        year, month = refresh_figures()
        self.stdout.write(
            self.style.SUCCESS(f"Cifras del instituto al corte de {month:02d}/{year} al día ({time.perf_counter() - started:.1f} s).")
        )
