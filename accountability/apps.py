from django.apps import AppConfig


class AccountabilityConfig(AppConfig):
    name = "accountability"
    verbose_name = "4.7 Rendición de cuentas"

    def ready(self) -> None:
        from isvimed_planning import panels

        from .panels import home_accountability_reports_card, home_requests_card

        # The home page (isvimed_planning.views.home): the requests by due date and the reports to decide.
        panels.register("home", order=3, template=panels.QUEUE_TEMPLATE, context=home_requests_card)
        panels.register("home", order=6, template=panels.QUEUE_TEMPLATE, context=home_accountability_reports_card)
