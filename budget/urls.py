from django.urls import path

from . import views

app_name = "budget"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:year>/", views.year_detail, name="year"),
    path("<int:year>/tope/", views.ceiling_update, name="ceiling"),
    path("<int:year>/cerrar/", views.year_close, name="close"),
    path("<int:year>/techos/nuevo/", views.allocation_create, name="allocation_create"),
    path("<int:year>/techos.xlsx", views.allocations_xlsx, name="allocations_xlsx"),
    path("<int:year>/techos/<int:pk>/", views.allocation_edit, name="allocation"),
    path("<int:year>/techos/<int:pk>/eliminar/", views.allocation_remove, name="allocation_delete"),
    path("<int:year>/modificaciones/nueva/", views.modification_create, name="modification_create"),
    path("<int:year>/costos-unitarios/", views.unit_costs, name="unit_costs"),
    path("<int:year>/costos-unitarios.xlsx", views.unit_costs_xlsx, name="unit_costs_xlsx"),
    path("<int:year>/poai/", views.poai, name="poai"),
    path("<int:year>/poai.xlsx", views.poai_xlsx, name="poai_xlsx"),
    path("<int:year>/poai.pdf", views.poai_pdf, name="poai_pdf"),
    path("reprogramaciones/<int:pk>/", views.reprogramming_detail, name="reprogramming"),
    path("reprogramaciones/nueva/<int:product_id>/<int:year>/", views.reprogramming_new, name="reprogramming_new"),
]
