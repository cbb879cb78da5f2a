from django.apps import AppConfig


class BudgetConfig(AppConfig):
    name = "budget"
    verbose_name = "4.3 Presupuesto"

    def ready(self) -> None:
        from isvimed_planning import panels

        from .panels import home_ceilings_card, home_reprogrammings_card, project_budget

        panels.register("project", order=20, template="budget/panels/project_budget.html", context=project_budget)
        panels.register("home", order=4, template=panels.QUEUE_TEMPLATE, context=home_reprogrammings_card)
        panels.register("home", order=7, template=panels.QUEUE_TEMPLATE, context=home_ceilings_card)
