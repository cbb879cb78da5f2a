"""Sealed submissions of the matrices, under /seguimiento/ (included from monitoring.urls)."""
from django.urls import path

from . import views_submissions

urlpatterns = [
    path("matrices/<int:pk>/enviar/", views_submissions.send, name="matrix_send"),
    path("matrices/enviadas/<int:pk>/", views_submissions.detail, name="submission_detail"),
    path("matrices/enviadas/<int:pk>/verificar/", views_submissions.check, name="submission_check"),
    path("matrices/enviadas/<int:pk>/progreso/", views_submissions.check_progress, name="submission_progress"),
    path("matrices/enviadas/<int:pk>/descargar/", views_submissions.download, name="submission_download"),
    # Public (no login): what was sent for each cutoff, with the SHA-256 of each file.
    path("enviados/publico/", views_submissions.public_list, name="submissions_public"),
]
