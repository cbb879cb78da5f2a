from django.urls import path

from . import views

app_name = "action_plan"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:year>/", views.detail, name="detail"),
    path("<int:year>/construir/", views.build, name="build"),
    path("<int:year>/proyectos/<int:pk>/", views.entry_edit, name="entry"),
    path("<int:year>/accion/<slug:name>/", views.transition, name="transition"),
    path("<int:year>/plan.xlsx", views.plan_xlsx, name="xlsx"),
    path("<int:year>/plan.pdf", views.plan_pdf, name="pdf"),
    path("publico/", views.public_index, name="public_index"),
    path("publico/<int:year>/", views.public_detail, name="public"),
    path("publico/<int:year>/pdf/", views.public_pdf, name="public_pdf"),
    path("publico/<int:year>/plan.xlsx", views.public_xlsx, name="public_xlsx"),
]
