"""The read-only JSON API of the open data (/datos/api/v1/), with Django REST Framework and its
OpenAPI 3 description by drf-spectacular (/datos/api/esquema/).

Every list is paginated (`pagina`, `tamano`), answers an `ETag` (304 on `If-None-Match`) and a
`Cache-Control`, and anonymous clients are throttled per address over the cache (429 with a
Spanish message). Field names are Spanish and stable; rows are identified by their codes (program
code, BPIN, territory code), never only by a database id. The numbers come from their owners
(opendata.selectors): nothing is recomputed here.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.conf import settings
from django.utils import timezone
from django.utils.decorators import method_decorator
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, generics, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.throttling import AnonRateThrottle

from isvimed_planning.auth import client_ip

from . import filters, selectors
from .http import cached_public

# --- Throttling, pagination, errors ------------------------------------------------------------


class OpenDataThrottle(AnonRateThrottle):
    """Per client address (as seen through the trusted proxies), at settings.OPENDATA_ANON_RATE."""

    scope = "opendata"

    def get_rate(self):
        return settings.OPENDATA_ANON_RATE

    def get_ident(self, request):
        return client_ip(request) or "desconocido"


class Throttled(exceptions.Throttled):
    default_detail = "Demasiadas solicitudes desde su dirección."
    extra_detail_singular = "Vuelva a intentarlo en {wait} segundo."
    extra_detail_plural = "Vuelva a intentarlo en {wait} segundos."


class Pagination(PageNumberPagination):
    page_query_param = "pagina"
    page_query_description = "Número de la página (desde 1)."
    page_size = 50
    page_size_query_param = "tamano"
    page_size_query_description = "Filas por página (máximo 500)."
    max_page_size = 500
    invalid_page_message = "Página inválida."


def exception_handler(exc, context):
    """DRF's handler, with the application's Spanish for a missing object (DRF is not an installed
    app, so its own catalogue is not loaded: see settings.INSTALLED_APPS)."""
    from django.http import Http404
    from rest_framework.views import exception_handler as drf_handler

    if isinstance(exc, Http404) or (isinstance(exc, exceptions.NotFound) and exc.detail == "Not found."):
        exc = exceptions.NotFound("No existe o no es público.")
    if isinstance(exc, exceptions.MethodNotAllowed):
        exc = exceptions.MethodNotAllowed(context["request"].method, detail="Solo se admite GET: la API es de lectura.")
    return drf_handler(exc, context)


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="Qué falló, en español.")


ERRORS = {
    400: OpenApiResponse(OpenApiTypes.OBJECT, description="Parámetro inválido: el mensaje dice cuál y por qué."),
    404: OpenApiResponse(ErrorSerializer, description="No existe (o no es público), o la página no existe."),
    429: OpenApiResponse(ErrorSerializer, description="Demasiadas solicitudes: espere los segundos de `Retry-After`."),
}


@method_decorator(cached_public, name="dispatch")
class OpenDataView(generics.ListAPIView):
    """A published list: paginated, throttled, cached by ETag."""

    pagination_class = Pagination
    throttle_classes = [OpenDataThrottle]
    filter_backends: list = []
    dataset = ""  # the slug of the dataset in opendata.datasets

    def throttled(self, request, wait):
        raise Throttled(wait)

    def rows(self):
        """Every row, filtered by the query parameters (the CSV download writes them all)."""
        return self.filter_queryset(self.get_queryset())

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.rows())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


# --- Year and cutoff of the computed figures ----------------------------------------------------

YEAR_ERRORS = {
    "invalid": "La vigencia debe ser un año, p. ej. 2026.",
    "min_value": "La vigencia debe ser {min_value} o posterior.",
    "max_value": "La vigencia debe ser {max_value} o anterior.",
    "max_string_length": "La vigencia debe ser un año, p. ej. 2026.",
}


class YearCutoffParams(serializers.Serializer):
    vigencia = serializers.IntegerField(
        required=False, min_value=settings.DATE_WINDOW_START_YEAR, max_value=settings.DATE_WINDOW_END_YEAR,
        error_messages=YEAR_ERRORS,
    )
    corte = serializers.DateField(
        required=False, input_formats=["iso-8601"],
        error_messages={"invalid": "La fecha de corte debe tener la forma aaaa-mm-dd.",
                        "datetime": "La fecha de corte debe ser una fecha, sin hora."},
    )

    def validate(self, attrs):
        cutoff = attrs.get("corte")
        year = attrs.get("vigencia") or (cutoff.year if cutoff else timezone.localdate().year)
        if cutoff is not None and cutoff.year != year:
            raise serializers.ValidationError({"corte": "La fecha de corte debe caer en la vigencia."})
        if cutoff is not None and not settings.DATE_WINDOW_START_YEAR <= cutoff.year <= settings.DATE_WINDOW_END_YEAR:
            raise serializers.ValidationError({"corte": "La fecha de corte está fuera de las fechas admitidas."})
        return selectors.YearCutoff(year=year, cutoff=cutoff or selectors.default_cutoff(year))


YEAR_CUTOFF = [
    OpenApiParameter("vigencia", int, description="Vigencia (año). Por omisión, la de la fecha de corte o la actual."),
    OpenApiParameter(
        "corte", dt.date,
        description="Fecha de corte (aaaa-mm-dd) dentro de la vigencia: cuenta los reportes mensuales aprobados "
        "hasta el mes de esa fecha. Por omisión, hoy o el 31 de diciembre de la vigencia.",
    ),
]


class ComputedView(OpenDataView):
    """A list computed for a vigencia at a cutoff (monitoring.figures): the figures of the matrices."""

    def year_cutoff(self) -> selectors.YearCutoff:
        params = YearCutoffParams(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return params.validated_data

    def get_queryset(self):  # a list, paginated like a queryset
        return self.compute(self.year_cutoff())

    # The owner of the figures (an opendata.selectors function of the vigencia and cutoff).
    compute: Callable[[selectors.YearCutoff], list]


def _money(**kwargs):
    return serializers.DecimalField(max_digits=None, decimal_places=2, **kwargs)


def _ratio(**kwargs):
    return serializers.DecimalField(
        max_digits=None, decimal_places=6, allow_null=True, **kwargs
    )


def _quantity(**kwargs):
    return serializers.DecimalField(max_digits=None, decimal_places=4, **kwargs)


# --- The plan ----------------------------------------------------------------------------------


class LineSerializer(serializers.Serializer):
    plan = serializers.CharField(source="plan.name", help_text="Plan de desarrollo.")
    plan_anio_inicial = serializers.IntegerField(source="plan.first_year", help_text="Año inicial del plan.")
    plan_anio_final = serializers.IntegerField(source="plan.last_year", help_text="Año final del plan.")
    codigo = serializers.CharField(source="code", help_text="Código de la línea estratégica (estable).")
    nombre = serializers.CharField(source="name", help_text="Nombre de la línea estratégica.")


@extend_schema_view(get=extend_schema(summary="Líneas estratégicas del plan", responses={200: LineSerializer, **ERRORS}))
class LineList(OpenDataView):
    """Las líneas estratégicas de cada plan de desarrollo."""

    dataset = "plan-lineas"
    serializer_class = LineSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = filters.LineFilter

    def get_queryset(self):
        return selectors.lines()


class ProgramSerializer(serializers.Serializer):
    plan_anio_inicial = serializers.IntegerField(source="plan.first_year", help_text="Año inicial del plan.")
    codigo_linea = serializers.CharField(source="component.line.code", help_text="Código de la línea estratégica.")
    linea = serializers.CharField(source="component.line.name", help_text="Línea estratégica.")
    codigo_componente = serializers.CharField(source="component.code", help_text="Código del componente.")
    componente = serializers.CharField(source="component.name", help_text="Componente.")
    codigo = serializers.CharField(source="code", help_text="Código del programa (estable dentro del plan).")
    nombre = serializers.CharField(source="name", help_text="Nombre del programa.")
    codigo_presupuestal = serializers.CharField(
        source="budget_program_code", help_text="Código del programa presupuestal (catálogo DNP); vacío si no tiene."
    )


@extend_schema_view(get=extend_schema(summary="Programas del plan", responses={200: ProgramSerializer, **ERRORS}))
class ProgramList(OpenDataView):
    """Los programas de cada plan, con su línea y componente."""

    dataset = "plan-programas"
    serializer_class = ProgramSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = filters.ProgramFilter

    def get_queryset(self):
        return selectors.programs()


class CutoffSerializer(serializers.Serializer):
    vigencia = serializers.IntegerField(source="year", help_text="Vigencia.")
    mes = serializers.IntegerField(source="month", help_text="Mes del seguimiento (1 a 12).")
    corte = serializers.DateField(source="cutoff", help_text="Fecha de corte del mes.")


@extend_schema_view(get=extend_schema(summary="Cortes de seguimiento cerrados", responses={200: CutoffSerializer, **ERRORS}))
class CutoffList(OpenDataView):
    """Los cortes mensuales cuyo seguimiento está cerrado: valores para el parámetro `corte`."""

    dataset = "cortes"
    serializer_class = CutoffSerializer

    def get_queryset(self):
        return selectors.cutoffs()


# --- Indicators --------------------------------------------------------------------------------


class IndicatorSerializer(serializers.Serializer):
    codigo_linea = serializers.CharField(source="line_code", help_text="Código de la línea estratégica.")
    codigo_programa = serializers.CharField(source="program_code", help_text="Código del programa.")
    programa = serializers.CharField(source="program_name", help_text="Programa.")
    codigo = serializers.CharField(source="code", help_text="Código del indicador (estable dentro del plan).")
    nombre = serializers.CharField(source="name", help_text="Nombre del indicador.")
    tipo = serializers.CharField(source="kind", help_text="Resultado o producto.")
    unidad = serializers.CharField(source="unit", help_text="Unidad de medida.")
    sentido = serializers.CharField(source="direction", help_text="Sentido esperado (creciente, decreciente…).")
    acumulacion = serializers.CharField(source="accumulation", help_text="Acumulado o no acumulado.")
    linea_base = _quantity(source="baseline", help_text="Línea base.")
    anio_linea_base = serializers.IntegerField(source="baseline_year", help_text="Año de la línea base.")
    meta_cuatrienio = _quantity(source="period_target", help_text="Meta del cuatrienio.")
    meta_vigencia = _quantity(source="year_target", allow_null=True, help_text="Meta de la vigencia (vacía si no tiene).")
    avance_vigencia = _quantity(source="year_progress", allow_null=True, help_text="Avance de la vigencia al corte.")
    cumplimiento_vigencia = _ratio(source="year_fulfilment", help_text="Avance / meta de la vigencia (1 = 100 %).")
    avance_cuatrienio = _quantity(source="period_progress", allow_null=True, help_text="Avance del cuatrienio al corte.")
    cumplimiento_cuatrienio = _ratio(source="period_fulfilment", help_text="Avance / meta del cuatrienio (1 = 100 %).")
    semaforo = serializers.CharField(source="rating", help_text="Semáforo del cumplimiento de la vigencia.")
    dependencia = serializers.CharField(source="org_unit", help_text="Dependencia responsable.")


@extend_schema_view(get=extend_schema(
    summary="Indicadores del plan con su avance al corte",
    parameters=[*YEAR_CUTOFF, OpenApiParameter("programa", str, description="Código del programa.")],
    responses={200: IndicatorSerializer, **ERRORS},
))
class IndicatorList(ComputedView):
    """Cada indicador del plan vigente con su meta y su avance al corte (reportes aprobados), como
    en la matriz Plan Indicativo."""

    dataset = "indicadores"
    serializer_class = IndicatorSerializer

    def compute(self, when):
        rows = selectors.indicators(when)
        program = self.request.query_params.get("programa")
        return [r for r in rows if r.program_code == program] if program else rows


# --- Projects ----------------------------------------------------------------------------------


class ProjectTerritorySerializer(serializers.Serializer):
    codigo = serializers.IntegerField(source="territory.code", help_text="Código del territorio (0: toda la ciudad).")
    nombre = serializers.CharField(source="territory.name", help_text="Comuna o corregimiento.")
    participacion = serializers.DecimalField(
        source="share", max_digits=5, decimal_places=2, help_text="Participación del territorio en el proyecto (%)."
    )


class ProjectSerializer(serializers.Serializer):
    bpin = serializers.CharField(source="bank_code", help_text="Código BPIN del banco de proyectos (identificador estable).")
    nombre = serializers.CharField(source="name", help_text="Nombre del proyecto.")
    codigo_programa = serializers.CharField(source="program.code", help_text="Código del programa del plan.")
    programa = serializers.CharField(source="program.name", help_text="Programa.")
    dependencia = serializers.CharField(source="org_unit.name", help_text="Dependencia responsable.")
    tipo_financiacion = serializers.CharField(source="get_funding_kind_display", help_text="Ordinario o presupuesto participativo.")
    estado = serializers.CharField(source="get_state_display", help_text="En ejecución o cerrado.")
    fecha_inicio = serializers.DateField(source="start_date", help_text="Fecha de inicio.")
    fecha_fin = serializers.DateField(source="end_date", help_text="Fecha de fin.")
    territorios = ProjectTerritorySerializer(source="territories.all", many=True, help_text="Territorios del proyecto.")


@extend_schema_view(get=extend_schema(summary="Proyectos públicos", responses={200: ProjectSerializer, **ERRORS}))
class ProjectList(OpenDataView):
    """Los proyectos en ejecución o cerrados, identificados por su BPIN."""

    dataset = "proyectos"
    serializer_class = ProjectSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = filters.ProjectFilter

    def get_queryset(self):
        return selectors.public_projects()


@method_decorator(cached_public, name="dispatch")
@extend_schema_view(get=extend_schema(summary="Un proyecto público por su BPIN", responses={200: ProjectSerializer, **ERRORS}))
class ProjectDetail(generics.RetrieveAPIView):
    """Un proyecto en ejecución o cerrado, por su BPIN."""

    serializer_class = ProjectSerializer
    throttle_classes = [OpenDataThrottle]
    lookup_field = "bank_code"
    lookup_url_kwarg = "bpin"

    def throttled(self, request, wait):
        raise Throttled(wait)

    def get_queryset(self):
        return selectors.public_projects()


# --- Budget and execution ----------------------------------------------------------------------


class ProgramExecutionSerializer(serializers.Serializer):
    codigo_linea = serializers.CharField(source="line_code", help_text="Código de la línea estratégica.")
    linea = serializers.CharField(source="line_name", help_text="Línea estratégica.")
    codigo = serializers.CharField(source="code", help_text="Código del programa.")
    nombre = serializers.CharField(source="name", help_text="Programa.")
    proyectos = serializers.IntegerField(source="projects", help_text="Proyectos con asignación en la vigencia.")
    presupuesto_definitivo = _money(source="definitive", help_text="Presupuesto definitivo al corte (pesos).")
    comprometido = _money(source="committed", help_text="Comprometido al corte (pesos).")
    pagado = _money(source="paid", help_text="Pagado al corte (pesos).")
    ejecucion_financiera = _ratio(source="execution_ratio", help_text="Comprometido / definitivo (1 = 100 %).")
    cumplimiento_fisico = _ratio(source="physical_fulfilment", help_text="Cumplimiento físico ponderado de sus indicadores.")
    eficiencia = _ratio(source="efficiency", help_text="Cumplimiento físico / ejecución financiera.")


@extend_schema_view(get=extend_schema(
    summary="Presupuesto y ejecución por programa", parameters=YEAR_CUTOFF,
    responses={200: ProgramExecutionSerializer, **ERRORS},
))
class ProgramExecutionList(ComputedView):
    """Presupuesto definitivo y ejecución de cada programa en la vigencia al corte (matriz
    Presupuesto por Resultados)."""

    dataset = "ejecucion-programas"
    serializer_class = ProgramExecutionSerializer

    compute = staticmethod(selectors.program_execution)


class TerritoryExecutionSerializer(serializers.Serializer):
    codigo = serializers.IntegerField(source="code", help_text="Código del territorio (0: toda la ciudad).")
    nombre = serializers.CharField(source="name", help_text="Comuna o corregimiento.")
    tipo = serializers.CharField(source="kind", help_text="Ciudad, comuna o corregimiento.")
    proyectos = serializers.IntegerField(source="projects", help_text="Proyectos con inversión en el territorio.")
    comprometido = _money(source="committed", help_text="Comprometido al corte (pesos).")
    beneficiarios = serializers.IntegerField(source="beneficiaries", help_text="Beneficiarios reportados.")
    participacion = _ratio(source="share", help_text="Parte del total comprometido (1 = 100 %).")


@extend_schema_view(get=extend_schema(
    summary="Inversión por comuna y corregimiento", parameters=YEAR_CUTOFF,
    responses={200: TerritoryExecutionSerializer, **ERRORS},
))
class TerritoryExecutionList(ComputedView):
    """Inversión comprometida y beneficiarios por territorio en la vigencia al corte."""

    dataset = "ejecucion-territorios"
    serializer_class = TerritoryExecutionSerializer

    compute = staticmethod(selectors.territory_execution)


class SourceExecutionSerializer(serializers.Serializer):
    codigo = serializers.CharField(source="code", allow_null=True, help_text="Código de la fuente (vacío: sin fuente asignada).")
    nombre = serializers.CharField(source="name", help_text="Fuente de financiación.")
    presupuesto_definitivo = _money(source="definitive", help_text="Presupuesto definitivo programado al corte (pesos).")
    comprometido = _money(source="committed", help_text="Comprometido al corte (pesos).")
    pagado = _money(source="paid", help_text="Pagado al corte (pesos).")
    ejecucion_financiera = _ratio(source="execution_ratio", help_text="Comprometido / definitivo (1 = 100 %).")


@extend_schema_view(get=extend_schema(
    summary="Presupuesto y ejecución por fuente de financiación", parameters=YEAR_CUTOFF,
    responses={200: SourceExecutionSerializer, **ERRORS},
))
class SourceExecutionList(ComputedView):
    """Programado y ejecutado por fuente de financiación en la vigencia al corte."""

    dataset = "ejecucion-fuentes"
    serializer_class = SourceExecutionSerializer

    compute = staticmethod(selectors.source_execution)


# --- Action plans and accountability -----------------------------------------------------------


class ActionPlanSerializer(serializers.Serializer):
    vigencia = serializers.IntegerField(source="fiscal_year.year", help_text="Vigencia del plan de acción.")
    estado = serializers.CharField(source="get_state_display", help_text="Publicado.")
    aprobado = serializers.DateTimeField(source="approved_at", allow_null=True, help_text="Aprobación (hora de Bogotá).")
    publicado = serializers.DateTimeField(source="published_at", allow_null=True, help_text="Publicación (hora de Bogotá).")
    pagina = serializers.SerializerMethodField(help_text="Página pública del plan.")
    pdf = serializers.SerializerMethodField(help_text="El plan en PDF.")
    excel = serializers.SerializerMethodField(help_text="El plan en Excel (xlsx).")

    def _url(self, name, obj) -> str:
        from django.urls import reverse

        return self.context["request"].build_absolute_uri(reverse(name, args=[obj.fiscal_year.year]))

    def get_pagina(self, obj) -> str:
        return self._url("action_plan:public", obj)

    def get_pdf(self, obj) -> str:
        return self._url("action_plan:public_pdf", obj)

    def get_excel(self, obj) -> str:
        return self._url("action_plan:public_xlsx", obj)


@extend_schema_view(get=extend_schema(summary="Planes de acción publicados", responses={200: ActionPlanSerializer, **ERRORS}))
class ActionPlanList(OpenDataView):
    """Los planes de acción publicados (Ley 1474 de 2011, art. 74), con sus descargas."""

    dataset = "planes-accion"
    serializer_class = ActionPlanSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = filters.ActionPlanFilter

    def get_queryset(self):
        return selectors.action_plans()


class ReportSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", help_text="Número del informe (estable: es el de su página pública).")
    titulo = serializers.CharField(source="title", help_text="Título.")
    vigencia = serializers.IntegerField(source="year", help_text="Vigencia.")
    desde = serializers.DateField(source="period_start", help_text="Inicio del periodo informado.")
    hasta = serializers.DateField(source="period_end", help_text="Fin del periodo (fecha de corte de sus cifras).")
    estado = serializers.CharField(source="get_state_display", help_text="Aprobado o publicado.")
    aprobado = serializers.DateTimeField(source="approved_at", allow_null=True, help_text="Aprobación por la Dirección.")
    pagina = serializers.SerializerMethodField(help_text="Página pública del informe.")
    datos = serializers.SerializerMethodField(help_text="Todas sus cifras (JSON).")

    def _url(self, name, obj) -> str:
        from django.urls import reverse

        return self.context["request"].build_absolute_uri(reverse(name, args=[obj.pk]))

    def get_pagina(self, obj) -> str:
        return self._url("accountability:public_detail", obj)

    def get_datos(self, obj) -> str:
        return self._url("accountability:public_json", obj)


@extend_schema_view(get=extend_schema(summary="Informes de rendición de cuentas", responses={200: ReportSerializer, **ERRORS}))
class ReportList(OpenDataView):
    """Los informes de rendición de cuentas aprobados por la Dirección o publicados."""

    dataset = "informes-rendicion"
    serializer_class = ReportSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = filters.ReportFilter

    def get_queryset(self):
        return selectors.reports()


class PetitionParams(serializers.Serializer):
    vigencia = serializers.IntegerField(
        required=False, min_value=settings.DATE_WINDOW_START_YEAR, max_value=settings.DATE_WINDOW_END_YEAR,
        error_messages=YEAR_ERRORS,
    )


class PetitionStatisticSerializer(serializers.Serializer):
    anio = serializers.IntegerField(source="year", help_text="Año de recibido.")
    mes = serializers.IntegerField(source="month", help_text="Mes de recibido (1 a 12).")
    estado = serializers.CharField(source="state", help_text="Estado (código estable).")
    estado_nombre = serializers.CharField(source="state_label", help_text="Estado.")
    cantidad = serializers.IntegerField(source="count", help_text="Solicitudes recibidas ese mes que están en ese estado.")


@extend_schema_view(get=extend_schema(
    summary="Estadísticas de peticiones por mes y estado",
    parameters=[OpenApiParameter("vigencia", int, description="Año de recibido.")],
    responses={200: PetitionStatisticSerializer, **ERRORS},
))
class PetitionStatisticList(OpenDataView):
    """Cuántas solicitudes de información se recibieron cada mes y en qué estado están (sin datos
    de los peticionarios)."""

    dataset = "peticiones"
    serializer_class = PetitionStatisticSerializer

    def get_queryset(self):
        params = PetitionParams(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return selectors.petition_statistics(params.validated_data.get("vigencia"))


VIEWS = [
    LineList, ProgramList, CutoffList, IndicatorList, ProjectList, ProgramExecutionList, TerritoryExecutionList,
    SourceExecutionList, ActionPlanList, ReportList, PetitionStatisticList,
]
