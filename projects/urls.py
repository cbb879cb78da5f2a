from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("", views.index, name="index"),
    path("nuevo/", views.create, name="create"),
    path("exportar/", views.index_xlsx, name="index_xlsx"),
    path("cronograma/", views.timeline, name="timeline"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/ficha.pdf", views.sheet_pdf, name="sheet_pdf"),
    path("<int:pk>/datos-generales/", views.edit_general, name="edit_general"),
    path("<int:pk>/mga/", views.edit_mga, name="edit_mga"),
    path("<int:pk>/territorios/", views.edit_territories, name="edit_territories"),
    path("<int:pk>/productos/nuevo/", views.product_form, name="product_create"),
    path("<int:pk>/productos/<int:item_pk>/", views.product_form, name="product_edit"),
    path("<int:pk>/actividades/nueva/", views.activity_form, name="activity_create"),
    path("<int:pk>/actividades/<int:item_pk>/", views.activity_form, name="activity_edit"),
    path("<int:pk>/entregables/nuevo/", views.deliverable_form, name="deliverable_create"),
    path("<int:pk>/entregables/<int:item_pk>/", views.deliverable_form, name="deliverable_edit"),
    path("<int:pk>/riesgos/nuevo/", views.risk_form, name="risk_create"),
    path("<int:pk>/riesgos/<int:item_pk>/", views.risk_form, name="risk_edit"),
    path("<int:pk>/financiacion/nueva/", views.funding_form, name="funding_create"),
    path("<int:pk>/financiacion/<int:item_pk>/", views.funding_form, name="funding_edit"),
    path("<int:pk>/eliminar/<str:kind>/<int:item_pk>/", views.item_delete, name="item_delete"),
    path("<int:pk>/accion/<str:name>/", views.transition, name="transition"),
    path("<int:pk>/bpin/", views.bpin_correct, name="bpin_correct"),
    path("<int:pk>/conversacion/", views.comment_add, name="comment_add"),
    path("presupuesto-participativo/", views.meeting_list, name="meeting_list"),
    path("presupuesto-participativo/nueva/", views.meeting_form, name="meeting_create"),
    path("presupuesto-participativo/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("presupuesto-participativo/<int:pk>/editar/", views.meeting_form, name="meeting_edit"),
    path("presupuesto-participativo/<int:pk>/acta/", views.meeting_minutes, name="meeting_minutes"),
]
