from django.urls import include, path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("", views.index, name="index"),
    path("periodos/", views.period_list, name="period_list"),
    path("periodos/nuevo/", views.period_form, name="period_create"),
    path("periodos/<int:pk>/editar/", views.period_form, name="period_edit"),
    path("periodos/<int:pk>/cerrar/", views.period_close, name="period_close"),
    path("reportes/", views.report_list, name="report_list"),
    path("reportes/exportar/", views.report_list_xlsx, name="report_list_xlsx"),
    path("reportes/nuevo/<int:project_pk>/<int:year>/<int:month>/", views.report_start, name="report_start"),
    path("reportes/<int:pk>/", views.report_detail, name="report_detail"),
    path("reportes/<int:pk>/editar/", views.report_edit, name="report_edit"),
    path("reportes/<int:pk>/evidencias/", views.evidence_upload, name="evidence_upload"),
    path("reportes/<int:pk>/conversacion/", views.report_comment, name="report_comment"),
    path("reportes/<int:pk>/accion/<slug:name>/", views.report_transition, name="report_transition"),
    path("evidencias/<int:pk>/descargar/", views.evidence_download, name="evidence_download"),
    path("evidencias/<int:pk>/publica/", views.evidence_publish, name="evidence_publish"),
    path("evidencias/<int:pk>/eliminar/", views.evidence_delete, name="evidence_delete"),
    path("indicadores/", views.measurements, name="measurements"),
    # The four matrices for the Alcaldía (views_matrices.py, urls_matrices.py).
    path("matrices/", include("monitoring.urls_matrices")),
    # Sealed submissions of the matrices and their public list (views_submissions.py).
    path("", include("monitoring.urls_submissions")),
    # The cuadre: consistency rules before a cutoff (views_cuadre.py, urls_cuadre.py).
    path("cuadre/", include("monitoring.urls_cuadre")),
]
