"""A list's Excel download reads its rows a chunk at a time and lets each go once written: a
project list of a whole administration (20,000 projects, each with its prefetched territories)
once peaked at 19 MB because every written project stayed alive, tied to its territories, until
the next full garbage collection."""
import gc
import weakref

import pytest

from isvimed_planning import list_export
from projects.models import Project
from projects.selectors import project_list
from projects.views import EXPORT_COLUMNS
from tests import factories

pytestmark = pytest.mark.django_db


def test_written_projects_are_freed_before_the_next_chunk_is_read(planner, lead, monkeypatch):
    for n in range(6):
        factories.project(lead=lead, name=f"Proyecto {n}", territory_code=10)
    monkeypatch.setattr(list_export, "LIST_CHUNK", 2)
    projects, _ = project_list(planner, {})
    seen: list[weakref.ref] = []
    columns = [*EXPORT_COLUMNS, list_export.Column("ref", lambda p: seen.append(weakref.ref(p)))]
    territories = EXPORT_COLUMNS.index(next(c for c in EXPORT_COLUMNS if c.header == "Territorios"))
    alive_from_earlier_chunks, written_territories = [], []
    gc.disable()  # reference counting only: what a collection would free later is what piled up
    try:
        for row in list_export.list_rows(projects, columns, title="Proyectos"):
            if len(seen) > len(written_territories):  # a project's row (not the title or headers)
                earlier = (len(seen) - 1) // 2 * 2  # the rows of the chunks read before this one
                alive_from_earlier_chunks.append(sum(ref() is not None for ref in seen[:earlier]))
                written_territories.append(row[territories])
    finally:
        gc.enable()
    assert len(seen) == Project.objects.count() == 6
    assert alive_from_earlier_chunks == [0] * 6
    assert all(written_territories)  # the prefetched territories were written first
