from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy

from . import auth, views, views_agenda

admin.site.site_header = "ISVIMED · Planeación"
admin.site.site_title = "ISVIMED Planeación"
admin.site.index_title = "Administración"

account_patterns = [
    path("ingresar/", auth.LoginView.as_view(), name="login"),
    path("salir/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "contrasena/cambiar/",
        auth_views.PasswordChangeView.as_view(template_name="registration/password_change_form.html"),
        name="password_change",
    ),
    path(
        "contrasena/cambiada/",
        auth_views.PasswordChangeDoneView.as_view(template_name="registration/password_change_done.html"),
        name="password_change_done",
    ),
    path(
        "contrasena/recuperar/",
        auth.PasswordResetView.as_view(
            template_name="registration/password_reset_form.html",
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "contrasena/recuperar/enviado/",
        auth_views.PasswordResetDoneView.as_view(template_name="registration/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "contrasena/nueva/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="registration/password_reset_confirm.html",
            success_url=reverse_lazy("password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "contrasena/nueva/lista/",
        auth_views.PasswordResetCompleteView.as_view(template_name="registration/password_reset_complete.html"),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon),
    path("cuenta/", include(account_patterns)),
    path("avisos/", views.notice_list, name="notice_list"),
    path("avisos/<int:pk>/leido/", views.notice_read, name="notice_read"),
    path("avisos/leidos/", views.notice_read_all, name="notice_read_all"),
    path("agenda/", views_agenda.agenda_page, name="agenda"),
    path("agenda/clave/", views_agenda.agenda_token, name="agenda_token"),
    path("agenda/<str:token>.ics", views_agenda.agenda_ics, name="agenda_ics"),
    path("estrategia/", include("strategy.urls")),
    path("proyectos/", include("projects.urls")),
    path("presupuesto/", include("budget.urls")),
    path("plan-accion/", include("action_plan.urls")),
    path("seguimiento/", include("monitoring.urls")),
    path("rendicion/", include("accountability.urls")),
    path("", include("transparency.urls")),  # /ciudadania/ and /transparencia/, no login
    path("datos/", include("opendata.urls")),
    path("ans/", include("isvimed_planning.deadlines.urls")),
    path("libro/", include("isvimed_planning.workbook.urls")),
    path("admin/", admin.site.urls),
]
