from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = "4.6 Seguimiento"

    def ready(self) -> None:
        from isvimed_planning import panels

        from .panels import project_sources_panel
        from .views import project_programming

        panels.register(
            "project", order=30, template="monitoring/_project_programming.html", context=project_programming
        )
        panels.register(
            "project", order=40, template="monitoring/panels/project_sources.html", context=project_sources_panel
        )
