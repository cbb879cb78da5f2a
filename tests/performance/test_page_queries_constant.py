"""The ten busiest pages run the same number of queries at two data sizes, as a planner: both
when their cached figures must be computed (cold) and when they are read from the cache."""
import pytest
from django.core.cache import cache

from isvimed_planning.caching import clear_local

from tooling.management.commands.benchmark import PAGES, busy_pages, count_queries, planner_client

from .builders import LARGER, SMALL, YEAR, at_size

pytestmark = pytest.mark.django_db


def _page_queries():
    client = planner_client("planeador")
    counts = {}
    for label, url in busy_pages(year=YEAR):
        client.get(url, secure=True)  # warm per-process caches (content types, roles)
        cache.clear()
        clear_local()
        cold, response = count_queries(lambda: client.get(url, secure=True))
        assert response.status_code == 200, (label, url, response.status_code)
        cached, response = count_queries(lambda: client.get(url, secure=True))
        assert response.status_code == 200, (label, url, response.status_code)
        counts[label] = (cold, cached)
    return counts


def test_page_queries_do_not_grow_with_the_data():
    small = at_size(SMALL, _page_queries)
    larger = at_size(LARGER, _page_queries)
    assert list(small) == PAGES
    grew = {label: (small[label], larger[label]) for label in PAGES if larger[label] != small[label]}
    assert grew == {}
