from django.apps import AppConfig


class ActionPlanConfig(AppConfig):
    name = "action_plan"
    verbose_name = "4.5 Plan de acción"
