from django.urls import path

from . import api, views

app_name = "opendata"

# Stable URLs: the API is versioned (/datos/api/v1/); a change that breaks a field gets a v2.
api_patterns = [
    path("api/v1/plan/lineas/", api.LineList.as_view(), name="api_lines"),
    path("api/v1/plan/programas/", api.ProgramList.as_view(), name="api_programs"),
    path("api/v1/cortes/", api.CutoffList.as_view(), name="api_cutoffs"),
    path("api/v1/indicadores/", api.IndicatorList.as_view(), name="api_indicators"),
    path("api/v1/proyectos/", api.ProjectList.as_view(), name="api_projects"),
    path("api/v1/proyectos/<str:bpin>/", api.ProjectDetail.as_view(), name="api_project"),
    path("api/v1/ejecucion/programas/", api.ProgramExecutionList.as_view(), name="api_program_execution"),
    path("api/v1/ejecucion/territorios/", api.TerritoryExecutionList.as_view(), name="api_territory_execution"),
    path("api/v1/ejecucion/fuentes/", api.SourceExecutionList.as_view(), name="api_source_execution"),
    path("api/v1/planes-accion/", api.ActionPlanList.as_view(), name="api_action_plans"),
    path("api/v1/rendicion/informes/", api.ReportList.as_view(), name="api_reports"),
    path("api/v1/peticiones/estadisticas/", api.PetitionStatisticList.as_view(), name="api_petitions"),
]

urlpatterns = [
    path("", views.index, name="index"),
    path("catalogo.json", views.catalogue, name="catalogue"),
    path("diccionario/<slug:slug>/", views.dictionary_page, name="dictionary"),
    path("diccionario/<slug:slug>.json", views.dictionary_json, name="dictionary_json"),
    path("<slug:slug>.csv", views.dataset_csv, name="dataset_csv"),
    path("api/", views.api_docs, name="documentation"),
    path("api/esquema/", views.schema, name="schema"),
    *api_patterns,
]
