"""Every model of the application is named in Spanish (the admin's lists, the history, the
permissions): none keeps the English name Django derives from the class ("Unit costs", "Action
plan entrys")."""
import re

from django.apps import apps

OURS = {"strategy", "projects", "budget", "action_plan", "monitoring", "accountability", "core", "deadlines", "workbook"}


def _derived(model) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", " ", model.__name__).lower()


def test_every_model_has_a_spanish_name():
    english = [
        model._meta.label for model in apps.get_models()
        if model._meta.app_label in OURS and not model.__name__.startswith("Historical")
        and (str(model._meta.verbose_name) == _derived(model)
             or str(model._meta.verbose_name_plural) == _derived(model) + "s")
    ]
    assert english == []
