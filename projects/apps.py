from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = "4.2 Proyectos"

    def ready(self) -> None:
        from isvimed_planning import panels

        from . import dnp
        from .panels import home_projects_card

        dnp.register()
        # The home page (isvimed_planning.views.home): the projects waiting for the user's decision.
        panels.register("home", order=2, template=panels.QUEUE_TEMPLATE, context=home_projects_card)
