"""The matrix's own instruments must be able to fail: the database snapshot sees a change, the
classifier tells a refusal from a page, and the URL walk finds every route."""
from __future__ import annotations

from django.http import HttpResponse, HttpResponseRedirect

from projects.models import Project
from tests import factories
from tests.permissions.matrix import MATRIX
from tests.permissions.test_matrix import outcome, snapshot, url_keys


def test_the_snapshot_sees_an_update_that_bypasses_history(db, lead):
    project = factories.project(lead=lead)
    before = snapshot()
    Project.objects.filter(pk=project.pk).update(name="Otro nombre")  # no historical row written
    assert snapshot() != before


def test_the_snapshot_sees_a_new_history_row(db, lead):
    project = factories.project(lead=lead)
    before = snapshot()
    project.save()
    assert snapshot() != before


def test_the_classifier_tells_refusals_from_pages():
    assert outcome(HttpResponse(status=403), "GET") == "refused"
    assert outcome(HttpResponse(status=404), "POST") == "refused"
    assert outcome(HttpResponseRedirect("/cuenta/ingresar/?next=/proyectos/"), "GET") == "refused"
    assert outcome(HttpResponseRedirect("/cuenta/ingresar/"), "POST", success_is_login=True) == "allowed"
    assert outcome(HttpResponseRedirect("/proyectos/1/"), "POST") == "allowed"
    assert outcome(HttpResponse(status=400), "POST") == "allowed"  # the form back with its errors
    assert outcome(HttpResponse(status=400), "GET") == "unexpected 400"
    assert outcome(HttpResponse(status=500), "GET") == "unexpected 500"


def test_the_walk_reads_the_url_configuration():
    urls = url_keys()
    assert urls["projects:detail"] == "proyectos/<int:pk>/"
    assert urls["favicon.ico"] == "favicon.ico"  # unnamed patterns are keyed by their route
    assert not [key for key in urls if key.startswith("admin")]
    assert len(MATRIX) == len(urls)
