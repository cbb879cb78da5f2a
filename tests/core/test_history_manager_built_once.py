"""Every model's history manager class is built once, not on every `Model.history` access: each
save reads it to write its record, and simple-history's own descriptor builds a class (0.5 ms)
each time. Reading history still works as simple-history documents it."""
from django.apps import apps

from isvimed_planning.historical import HistoryManager
from projects.models import Project


def test_every_model_with_history_reuses_one_manager_class():
    with_history = [m for m in apps.get_models() if hasattr(m._meta, "simple_history_manager_attribute")]
    assert len(with_history) > 40
    for model in with_history:
        first, second = model.history, model.history
        assert isinstance(first, HistoryManager), model
        assert type(first) is type(second), model


def test_history_is_read_and_filtered_as_before(lead):
    from tests import factories

    project = factories.project(lead=lead, name="Proyecto con historia")
    project.name = "Proyecto renombrado"
    project.save()
    names = list(project.history.order_by("history_id").values_list("name", flat=True))
    assert names == ["Proyecto con historia", "Proyecto renombrado"]
    assert Project.history.filter(id=project.pk).latest().name == "Proyecto renombrado"
    assert project.history.as_of(project.history.earliest().history_date).name == "Proyecto con historia"
