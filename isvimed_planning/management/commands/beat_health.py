"""Health check of the one beat, read from the database (docker-compose.yml's beat service).

Beat records when it last ran each job; the stuck-job sweeps run every five minutes, so a
record older than --max-age seconds means beat is not running (or cannot reach the database).
"""
from django.core.management.base import BaseCommand, CommandError

from isvimed_planning.beat import beat_is_alive, beat_last_seen


class Command(BaseCommand):
    help = "Sale con error si beat no ha registrado ninguna ejecución en los últimos --max-age segundos."

    def add_arguments(self, parser):
        parser.add_argument("--max-age", type=int, default=900)

    def handle(self, *args, max_age, **options):
        if not beat_is_alive(max_age):
            seen = beat_last_seen()
            raise CommandError(
                f"Beat no ha ejecutado tareas en los últimos {max_age} segundos (última: {seen.isoformat() if seen else 'nunca'})."
            )
        self.stdout.write("beat: ok")
