from django.apps import AppConfig


class ActionPlanConfig(AppConfig):
    name = "action_plan"
    verbose_name = "4.5 Plan de acción"

    def ready(self) -> None:
        from isvimed_planning import panels

        from .panels import home_plans_card

        # The home page (isvimed_planning.views.home): the plans in draft, to prepare or approve.
        panels.register("home", order=5, template=panels.QUEUE_TEMPLATE, context=home_plans_card)
