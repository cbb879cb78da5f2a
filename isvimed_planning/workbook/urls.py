from django.urls import path

from . import views

app_name = "workbook"

urlpatterns = [
    path("", views.index, name="index"),
    path("importaciones/<int:pk>/", views.job_detail, name="job"),
    path("importaciones/<int:pk>/progreso/", views.job_progress, name="job_progress"),
    path("importaciones/<int:pk>/confirmar/", views.job_confirm, name="job_confirm"),
    path("importaciones/<int:pk>/reintentar/", views.job_retry, name="job_retry"),
    path("plantilla/", views.template, name="template"),
    path("exportar/", views.export, name="export"),
]
