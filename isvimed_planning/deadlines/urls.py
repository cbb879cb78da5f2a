from django.urls import path

from . import views

app_name = "deadlines"

urlpatterns = [
    path("", views.index, name="index"),
    path("exportar/", views.index_xlsx, name="index_xlsx"),
    path("configuracion/", views.configuration, name="configuration"),
    path("avisos/preferencias/", views.notice_preferences, name="notice_preferences"),
]
