from django.urls import path

from . import views_matrices

urlpatterns = [
    path("", views_matrices.index, name="matrices"),
]
