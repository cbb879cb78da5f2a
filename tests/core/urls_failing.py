"""The site's URLs plus one view that fails (tests/core/test_error_pages.py)."""
from django.urls import path

from isvimed_planning.urls import urlpatterns as site


def broken(request):
    raise RuntimeError("fallo simulado")


urlpatterns = [path("falla/", broken), *site]
