from django.urls import path

from . import views

app_name = "strategy"

urlpatterns = [
    path("", views.index, name="index"),
    path("planes/nuevo/", views.plan_create, name="plan_create"),
    path("planes/<int:pk>/editar/", views.plan_edit, name="plan_edit"),
    path("planes/<int:pk>/pdf/", views.plan_pdf, name="plan_pdf"),
    path("planes/<int:pk>/lineas/nueva/", views.line_create, name="line_create"),
    path("planes/<int:pk>/componentes/nuevo/", views.component_create, name="component_create"),
    path("planes/<int:pk>/programas/nuevo/", views.program_create, name="program_create"),
    path("planes/<int:pk>/indicadores/nuevo/", views.indicator_create, name="indicator_create"),
    path("planes/<int:pk>/plataforma/", views.platform_index, name="platform_index"),
    path("planes/<int:pk>/plataforma/nueva-version/", views.platform_new_version, name="platform_new_version"),
    path("planes/<int:pk>/plataforma/comparar/", views.platform_compare, name="platform_compare"),
    path("planes/<int:pk>/instrumentos/", views.instrument_list, name="instruments"),
    path("planes/<int:pk>/instrumentos/nuevo/", views.instrument_create, name="instrument_create"),
    path("lineas/<int:pk>/editar/", views.line_edit, name="line_edit"),
    path("componentes/<int:pk>/editar/", views.component_edit, name="component_edit"),
    path("programas/<int:pk>/editar/", views.program_edit, name="program_edit"),
    path("catalogo-dnp/", views.catalogue_import, name="catalogue_import"),
    path("indicadores/", views.indicator_list, name="indicators"),
    path("indicadores/exportar/", views.indicator_list_xlsx, name="indicators_xlsx"),
    path("indicadores/<int:pk>/", views.indicator_detail, name="indicator"),
    path("indicadores/<int:pk>/editar/", views.indicator_edit, name="indicator_edit"),
    path("indicadores/<int:pk>/eliminar/", views.indicator_delete, name="indicator_delete"),
    path("plataforma/<int:pk>/", views.platform_detail, name="platform"),
    path("plataforma/<int:pk>/editar/", views.platform_edit, name="platform_edit"),
    path("plataforma/<int:pk>/aprobar/", views.platform_approve, name="platform_approve"),
    path("plataforma/<int:pk>/<str:kind>/nuevo/", views.platform_item, name="platform_item_create"),
    path("plataforma/<int:pk>/<str:kind>/<int:item>/editar/", views.platform_item, name="platform_item_edit"),
    path("plataforma/<int:pk>/<str:kind>/<int:item>/eliminar/", views.platform_item_delete, name="platform_item_delete"),
    path("instrumentos/<int:pk>/editar/", views.instrument_edit, name="instrument_edit"),
    path("instrumentos/<int:pk>/eliminar/", views.instrument_delete, name="instrument_delete"),
    path("instrumentos/<int:pk>/archivo/", views.instrument_file, name="instrument_file"),
    # Last: "<kind>/<pk>/eliminar/" would otherwise swallow indicadores/… and instrumentos/…/eliminar/.
    path("<str:kind>/<int:pk>/eliminar/", views.node_delete, name="node_delete"),
]
