from django.urls import include, path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("", views.index, name="index"),
    # The four matrices for the Alcaldía (views_matrices.py, urls_matrices.py).
    path("matrices/", include("monitoring.urls_matrices")),
]
