"""The datasets of the open data, ONE list: the page /datos/, the DCAT catalogue, the CSV
downloads, the data dictionaries and the API all read it. A dataset is an API list view
(opendata.api): its serializer's fields are the columns of the JSON, of the CSV and of the
dictionary, with the same Spanish names and descriptions."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Prefetch, QuerySet
from rest_framework import serializers

from . import api


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: str
    description: str
    view: type[api.OpenDataView]
    api_name: str  # URL name of the API list, in the `opendata` namespace
    keywords: tuple[str, ...] = ()
    theme: str = "Planeación"
    frequency: str = "mensual"  # how often the data change (DCAT accrualPeriodicity)
    parameters: str = ""  # what the query string selects, said on the page
    legal: str = ""  # the Ley 1712 / Res. 1519 item it serves
    extra: dict = field(default_factory=dict)

    @property
    def serializer(self) -> serializers.Serializer:
        return self.view.serializer_class()


_FIGURES = "Por omisión, la vigencia actual al día de hoy; `?vigencia=2026&corte=2026-06-30` elige otra."

DATASETS = [
    Dataset("plan-lineas", "Líneas estratégicas del plan de desarrollo",
            "Las líneas estratégicas de cada plan de desarrollo institucional del ISVIMED.",
            api.LineList, "api_lines", ("plan de desarrollo", "planeación"), frequency="cuatrienal",
            legal="Planeación: plan estratégico institucional"),
    Dataset("plan-programas", "Programas del plan de desarrollo",
            "Los programas de cada plan, con su línea estratégica, su componente y su código presupuestal.",
            api.ProgramList, "api_programs", ("plan de desarrollo", "programas"), frequency="cuatrienal",
            legal="Planeación: plan estratégico institucional"),
    Dataset("cortes", "Cortes de seguimiento cerrados",
            "Las fechas de corte mensuales cuyo seguimiento está cerrado.",
            api.CutoffList, "api_cutoffs", ("seguimiento",), legal="Planeación: seguimiento"),
    Dataset("indicadores", "Indicadores del plan con su avance",
            "Cada indicador del plan vigente con su línea base, sus metas y su avance y cumplimiento al corte, "
            "contando solo los reportes mensuales aprobados.",
            api.IndicatorList, "api_indicators", ("indicadores", "metas", "seguimiento"), parameters=_FIGURES,
            legal="Planeación: informes de seguimiento al plan"),
    Dataset("proyectos", "Proyectos de inversión",
            "Los proyectos de inversión en ejecución o cerrados, con su BPIN, programa, dependencia, fechas y territorios.",
            api.ProjectList, "api_projects", ("proyectos", "inversión", "BPIN"),
            legal="Proyectos de inversión en ejecución"),
    Dataset("ejecucion-programas", "Presupuesto y ejecución por programa",
            "Presupuesto definitivo, comprometido y pagado de cada programa, con su ejecución financiera y su "
            "cumplimiento físico (matriz Presupuesto por Resultados).",
            api.ProgramExecutionList, "api_program_execution", ("presupuesto", "ejecución"), parameters=_FIGURES,
            legal="Presupuesto: ejecución presupuestal"),
    Dataset("ejecucion-territorios", "Inversión por comuna y corregimiento",
            "Inversión comprometida, proyectos y beneficiarios en cada comuna y corregimiento de Medellín.",
            api.TerritoryExecutionList, "api_territory_execution", ("territorio", "comunas", "inversión"),
            parameters=_FIGURES, legal="Presupuesto: ejecución por territorio"),
    Dataset("ejecucion-fuentes", "Presupuesto y ejecución por fuente de financiación",
            "Presupuesto definitivo, comprometido y pagado por fuente de financiación (recursos propios, SGP…).",
            api.SourceExecutionList, "api_source_execution", ("presupuesto", "fuentes de financiación"),
            parameters=_FIGURES, legal="Presupuesto: ejecución presupuestal"),
    Dataset("planes-accion", "Planes de acción publicados",
            "Los planes de acción anuales publicados (Ley 1474 de 2011, art. 74), con sus descargas en PDF y Excel.",
            api.ActionPlanList, "api_action_plans", ("plan de acción",), frequency="anual",
            legal="Plan de acción (a más tardar el 31 de enero)"),
    Dataset("informes-rendicion", "Informes de rendición de cuentas",
            "Los informes de rendición de cuentas aprobados por la Dirección, con sus cifras en JSON y CSV.",
            api.ReportList, "api_reports", ("rendición de cuentas",), frequency="anual",
            legal="Rendición de cuentas"),
    Dataset("peticiones", "Estadísticas de solicitudes de información",
            "Cuántas solicitudes de información se recibieron cada mes y en qué estado están (sin datos personales).",
            api.PetitionStatisticList, "api_petitions", ("peticiones", "PQRSD", "transparencia"),
            parameters="`?vigencia=2026` limita al año de recibido.", legal="Informe de peticiones, quejas y reclamos"),
]
BY_SLUG = {d.slug: d for d in DATASETS}


# --- The data dictionary -----------------------------------------------------------------------


def _type_of(f: serializers.Field) -> str:
    if isinstance(f, serializers.DecimalField):
        return "número decimal"
    if isinstance(f, serializers.IntegerField):
        return "número entero"
    if isinstance(f, serializers.DateTimeField):
        return "fecha y hora (ISO 8601, hora de Bogotá)"
    if isinstance(f, serializers.DateField):
        return "fecha (aaaa-mm-dd)"
    if isinstance(f, (serializers.ListSerializer, serializers.ListField)):
        return "lista"
    if isinstance(f, serializers.SerializerMethodField):
        return "URL"
    return "texto"


def dictionary(dataset: Dataset) -> list[dict[str, str | bool]]:
    """One entry per column: name, type, whether it may be empty, description."""
    columns = []
    for name, f in dataset.serializer.fields.items():
        description = str(f.help_text or "")
        if isinstance(f, serializers.ListSerializer):
            description += " En el CSV: «código:participación» separados por « | »."
        columns.append({"nombre": name, "tipo": _type_of(f), "puede_estar_vacio": bool(f.allow_null),
                        "descripcion": description})
    return columns


# --- CSV rows from the API's own representation -------------------------------------------------


def nested_cell(parts: Iterable[tuple[Any, Any]]) -> str:
    """A nested list in one CSV cell, as the data dictionary describes it: «código:participación»
    separated by « | » (both the serializer's and the database's rows write it here)."""
    return " | ".join(f"{code}:{share}" for code, share in parts)


def csv_table(dataset: Dataset, data: list[dict]) -> tuple[list[str], list[list]]:
    """The header and rows of the CSV: the API's fields, with decimals back to numbers (so that the
    Spanish dialect gives them a decimal comma) and a nested list flattened."""
    fields = dataset.serializer.fields
    header = list(fields)
    rows = []
    for item in data:
        row: list = []
        for name in header:
            value, f = item[name], fields[name]
            if value is None:
                row.append("")
            elif isinstance(f, serializers.DecimalField):
                row.append(Decimal(value))
            elif isinstance(f, serializers.ListSerializer):
                row.append(nested_cell((part["codigo"], part["participacion"]) for part in value))
            else:
                row.append(value)
        rows.append(row)
    return header, rows


# --- The same rows straight from the database ----------------------------------------------------
#
# Why: the serializer builds every row through DRF's field machinery (0.41 s for 2,000 projects at
# 10×, most of it per-field Python). The CSV has every row at once, so for a dataset whose columns
# are plain model paths the rows are read with `values_list()` instead, following the SAME
# serializer declarations (sources, choices, nested lists): the serializer stays the one contract,
# and a test checks both paths give identical tables.


class _Unsupported(Exception):
    """A column the fast path cannot read from the database (a computed URL, a method field…)."""


def _column(model, f: serializers.Field) -> tuple[str, Callable[[Any], Any]]:
    """The `values_list` path of a column and how its raw value becomes the CSV cell."""
    source = f.source
    if isinstance(f, (serializers.SerializerMethodField, serializers.ListSerializer)) or not source or source == "*":
        raise _Unsupported(source)
    if source.startswith("get_") and source.endswith("_display"):
        name = source[len("get_"):-len("_display")]
        labels = {key: str(label) for key, label in model._meta.get_field(name).flatchoices}
        return name, lambda value: labels.get(value, value)
    path = source.replace(".", "__")
    if isinstance(f, serializers.DecimalField):
        places = Decimal(1).scaleb(-f.decimal_places)
        return path, lambda value: value.quantize(places)
    if isinstance(f, serializers.DateTimeField):
        raise _Unsupported(source)  # time zones and formats: leave them to the serializer
    if isinstance(f, serializers.DateField):
        return path, lambda value: value.isoformat()
    return path, lambda value: value


def _nested(queryset: QuerySet, name: str, f: serializers.ListSerializer) -> dict[Any, str]:
    """A nested list column ("código:participación | …") per parent pk, in one query, ordered as
    the queryset's own prefetch of that relation orders it."""
    relation_name = f.source.removesuffix(".all")
    relation = queryset.model._meta.get_field(relation_name)
    if not relation.one_to_many:
        raise _Unsupported(name)
    children = relation.related_model._default_manager.all()
    for lookup in getattr(queryset, "_prefetch_related_lookups", ()):
        if isinstance(lookup, Prefetch) and lookup.prefetch_through == relation_name and lookup.queryset is not None:
            children = lookup.queryset
    parent = relation.field.name
    child_fields = f.child.fields
    code, code_cell = _column(relation.related_model, child_fields["codigo"])
    share, share_cell = _column(relation.related_model, child_fields["participacion"])
    joined: dict[Any, list[tuple[Any, Any]]] = defaultdict(list)
    for parent_pk, raw_code, raw_share in children.filter(**{f"{parent}__in": queryset.values("pk")}).values_list(
        f"{parent}_id", code, share
    ):
        joined[parent_pk].append((code_cell(raw_code), share_cell(raw_share)))
    return {pk: nested_cell(parts) for pk, parts in joined.items()}


def database_table(dataset: Dataset, queryset: QuerySet) -> tuple[list[str], Iterable[list]] | None:
    """The CSV's header and rows read with `values_list()` (an iterator, read once), or None when
    a column needs the serializer (the caller then uses `csv_table`)."""
    fields = dataset.serializer.fields
    header = list(fields)
    try:
        plain = {name: _column(queryset.model, f) for name, f in fields.items() if not isinstance(f, serializers.ListSerializer)}
        nested = {name: _nested(queryset, name, f) for name, f in fields.items() if isinstance(f, serializers.ListSerializer)}
    except (_Unsupported, KeyError, FieldDoesNotExist):
        return None
    paths = [path for path, _cell in plain.values()]

    def rows() -> Iterator[list]:
        # Read a chunk at a time while the CSV is written: the rows are never all in a list.
        for values in queryset.prefetch_related(None).values_list("pk", *paths).iterator(chunk_size=2000):
            by_name = dict(zip(plain, values[1:], strict=True))
            row: list = []
            for name in header:
                if name in nested:
                    row.append(nested[name].get(values[0], ""))
                else:
                    value = by_name[name]
                    row.append("" if value is None else plain[name][1](value))
            yield row

    return header, rows()
