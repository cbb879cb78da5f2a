from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = "4.2 Proyectos"

    def ready(self) -> None:
        from . import dnp

        dnp.register()
