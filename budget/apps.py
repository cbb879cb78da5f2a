from django.apps import AppConfig


class BudgetConfig(AppConfig):
    name = "budget"
    verbose_name = "4.3 Presupuesto"

    def ready(self) -> None:
        from isvimed_planning import panels

        from .panels import project_budget

        panels.register("project", order=20, template="budget/panels/project_budget.html", context=project_budget)
