from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = "4.6 Seguimiento"

    def ready(self):
        from isvimed_planning import panels

        from .views import project_programming

        panels.register(
            "project", order=30, template="monitoring/_project_programming.html", context=project_programming
        )
