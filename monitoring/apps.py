from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = "4.6 Seguimiento"

    def ready(self):
        from isvimed_planning.sections import add_section

        from .views import project_programming

        add_section("project", project_programming)
