"""Citizens' pages, all without login: /ciudadania/ (projects, Mi comuna, public evidence) and
/transparencia/ (Resolución MinTIC 1519 de 2020, anexo 2)."""
from django.urls import path

from . import views

app_name = "transparency"

urlpatterns = [
    path("ciudadania/proyectos/", views.project_list, name="project_list"),
    path("ciudadania/proyectos/<int:pk>/", views.project_detail, name="project_detail"),
    path("ciudadania/proyectos/<int:pk>/datos.csv", views.project_csv, name="project_csv"),
    path("ciudadania/evidencias/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("ciudadania/comunas/", views.territory_index, name="territory_index"),
    path("ciudadania/comunas/<int:code>/", views.territory_detail, name="territory_detail"),
    path("transparencia/", views.transparency, name="index"),
]
