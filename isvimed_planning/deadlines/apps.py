from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    """ANS deadlines shared by every step; each app plugs its instances in through `<app>/deadlines.py`."""

    name = "isvimed_planning.deadlines"
    label = "deadlines"
    verbose_name = "ANS y plazos"

    def ready(self) -> None:
        from .live import connect

        connect()
