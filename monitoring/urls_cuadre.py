"""The cuadre (consistency rules before a cutoff), under /seguimiento/cuadre/ (included from monitoring.urls)."""
from django.urls import path

from . import views_cuadre

urlpatterns = [
    path("", views_cuadre.page, name="cuadre"),
    path("calcular/", views_cuadre.run, name="cuadre_run"),
    path("<int:pk>/progreso/", views_cuadre.progress, name="cuadre_progress"),
    path("exportar/", views_cuadre.export, name="cuadre_export"),
    path("justificar/", views_cuadre.justify, name="cuadre_justify"),
    path("retirar-justificacion/", views_cuadre.withdraw, name="cuadre_withdraw"),
]
