from django.urls import path

from . import views

app_name = "accountability"

urlpatterns = [
    path("", views.index, name="index"),
    # Derechos de petición and other legal requests
    path("solicitudes/", views.request_list, name="request_list"),
    path("solicitudes/exportar/", views.request_list_xlsx, name="request_list_xlsx"),
    path("solicitudes/nueva/", views.request_create, name="request_create"),
    path("solicitudes/<int:pk>/", views.request_detail, name="request_detail"),
    path("solicitudes/<int:pk>/responder/", views.request_answer, name="request_answer"),
    path("solicitudes/<int:pk>/prorrogar/", views.request_extend, name="request_extend"),
    path("solicitudes/<int:pk>/asignar/", views.request_assign, name="request_assign"),
    path("solicitudes/<int:pk>/trasladar/", views.request_transfer, name="request_transfer"),
    path("solicitudes/<int:pk>/requerir/", views.request_require, name="request_require"),
    path("solicitudes/<int:pk>/completada/", views.request_complete, name="request_complete"),
    path("solicitudes/<int:pk>/desistimiento/", views.request_withdraw, name="request_withdraw"),
    path("solicitudes/<int:pk>/respuesta/", views.request_answer_file, name="request_answer_file"),
    # Petitions reports (quarterly and access to information): page and PDF for staff
    path("peticiones/informe/", views.petitions_report, name="petitions_report"),
    path("peticiones/informe/pdf/", views.petitions_report_pdf, name="petitions_report_pdf"),
    # Concejo
    path("concejo/", views.session_list, name="session_list"),
    path("concejo/nueva/", views.session_form, name="session_create"),
    path("concejo/<int:pk>/", views.session_detail, name="session_detail"),
    path("concejo/<int:pk>/editar/", views.session_form, name="session_edit"),
    path("concejo/<int:pk>/cuestionario/", views.session_questionnaire, name="session_questionnaire"),
    path("concejo/<int:pk>/compromisos/nuevo/", views.commitment_create, name="commitment_create"),
    path("concejo/compromisos/<int:pk>/entrega/", views.commitment_deliver, name="commitment_deliver"),
    # Public hearings (Ley 1757 de 2015): convened by planning, questions moderated, commitments followed
    path("audiencias/", views.hearing_list, name="hearing_list"),
    path("audiencias/nueva/", views.hearing_form, name="hearing_create"),
    path("audiencias/<int:pk>/", views.hearing_detail, name="hearing_detail"),
    path("audiencias/<int:pk>/editar/", views.hearing_form, name="hearing_edit"),
    path("audiencias/<int:pk>/compromisos/nuevo/", views.hearing_commitment_create, name="hearing_commitment_create"),
    path("audiencias/preguntas/<int:pk>/<str:name>/", views.question_moderate, name="question_moderate"),
    # Every commitment (the Concejo's and the hearings'), one follow-up
    path("compromisos/", views.commitment_list, name="commitment_list"),
    path("compromisos/<str:source>/<int:pk>/seguimiento/", views.commitment_follow_up, name="commitment_follow_up"),
    # Accountability reports
    path("informes/", views.report_list, name="report_list"),
    path("informes/nuevo/", views.report_create, name="report_create"),
    path("informes/<int:pk>/", views.report_detail, name="report_detail"),
    path("informes/<int:pk>/editar/", views.report_edit, name="report_edit"),
    path("informes/<int:pk>/pdf/", views.report_pdf, name="report_pdf"),
    path("informes/<int:pk>/<str:name>/", views.report_transition, name="report_transition"),
    # Public pages: no login
    path("publico/", views.public_list, name="public_list"),
    path("publico/audiencias/<int:pk>/", views.public_hearing, name="public_hearing"),
    path("publico/audiencias/<int:pk>/preguntar/", views.public_question, name="public_question"),
    path("publico/<int:pk>/", views.public_detail, name="public_detail"),
    path("publico/<int:pk>/informe.pdf", views.public_pdf, name="public_pdf"),
    path("publico/<int:pk>/datos.json", views.public_json, name="public_json"),
    path("publico/<int:pk>/<str:table>.csv", views.public_csv, name="public_csv"),
    # Open data of the petitions reports: counts and one row per request, no personal data
    path("publico/peticiones/<str:period>/<str:report>.json", views.public_petitions_json, name="public_petitions_json"),
    path("publico/peticiones/<str:period>/<str:report>.csv", views.public_petitions_csv, name="public_petitions_csv"),
]
