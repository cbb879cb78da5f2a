from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = "4.6 Seguimiento"

    def ready(self) -> None:
        from isvimed_planning import panels

        from . import totals
        from .panels import (
            home_cuadre_card,
            home_reports_card,
            indicator_cuadre_panel,
            project_cuadre_panel,
            project_sources_panel,
        )
        from .views import project_programming

        totals.connect()

        panels.register(
            "project", order=30, template="monitoring/_project_programming.html", context=project_programming
        )
        panels.register(
            "project", order=40, template="monitoring/panels/project_sources.html", context=project_sources_panel
        )
        panels.register(
            "project", order=50, template="monitoring/panels/cuadre_findings.html", context=project_cuadre_panel
        )
        # strategy's indicator page: the findings about the indicator or its program.
        panels.register(
            "indicator", order=10, template="monitoring/panels/cuadre_findings.html", context=indicator_cuadre_panel
        )
        # The home page (isvimed_planning.views.home): a lead's own findings of the cuadre.
        # and the queue of monthly reports (to review, to send, returned).
        panels.register("home", order=1, template=panels.QUEUE_TEMPLATE, context=home_reports_card)
        panels.register("home", order=10, template="monitoring/panels/home_cuadre.html", context=home_cuadre_card)
