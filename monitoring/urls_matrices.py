"""The four matrices for the Alcaldía, under /seguimiento/matrices/ (included from monitoring.urls)."""
from django.urls import path

from . import views_matrices

urlpatterns = [
    path("", views_matrices.index, name="matrices"),
    path("<int:pk>/", views_matrices.detail, name="matrix_detail"),
    path("<int:pk>/progreso/", views_matrices.progress, name="matrix_progress"),
    path("<int:pk>/descargar/", views_matrices.download, name="matrix_download"),
    path("<int:pk>/reintentar/", views_matrices.retry, name="matrix_retry"),
]
