from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    """ANS deadlines shared by every step; each app plugs its instances in through `<app>/deadlines.py`."""

    name = "isvimed_planning.deadlines"
    label = "deadlines"
    verbose_name = "ANS y plazos"

    def ready(self) -> None:
        from isvimed_planning import panels

        from .panels import home_ans_card

        # The home page (isvimed_planning.views.home): the clocks at risk and overdue, for Planeación.
        panels.register("home", order=8, template=panels.QUEUE_TEMPLATE, context=home_ans_card)

        from .live import connect

        connect()
