"""The human side of the open data: the page /datos/, the data dictionaries, the CSV downloads,
the DCAT catalogue and the API's documentation page (rendered here from the OpenAPI schema: no
JavaScript and no CDN)."""
from __future__ import annotations

from functools import cache, wraps

from django.db.models import QuerySet
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.request import Request

from isvimed_planning.safe_export import csv_download, set_download_name

from . import api
from .datasets import BY_SLUG, DATASETS, Dataset, csv_table, database_table, dictionary
from .http import cached_public

PUBLISHER = "Instituto Social de Vivienda y Hábitat de Medellín (ISVIMED)"
PUBLISHER_URL = "https://www.isvimed.gov.co/"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/deed.es"
LICENSE_NAME = "Creative Commons Atribución 4.0 Internacional (CC BY 4.0)"
# Why CC BY 4.0: MinTIC's guide for open data in Colombia recommends it for public data (free
# reuse, commercial too, asking only for attribution), datos.gov.co offers it, and it imposes no
# share-alike condition that would stop a journalist or a control body from mixing the data.
LICENSE_WHY = (
    "Es la licencia que la guía de datos abiertos de MinTIC recomienda y que ofrece datos.gov.co: permite "
    "cualquier reutilización, también comercial, pidiendo solo que se cite al ISVIMED como fuente."
)
EXCEL_NOTE = (
    "Cada CSV se ofrece en dos dialectos: el estándar (UTF-8, separado por comas, punto decimal), para programas, "
    "y uno para Excel en español (UTF-8 con BOM, separado por «;», coma decimal: 1234567,5), que se abre con doble clic."
)


def throttled(view):
    """The API's rate limit for anonymous clients (api.OpenDataThrottle) on a plain Django view."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        throttle = api.OpenDataThrottle()
        if not throttle.allow_request(request, None):
            wait = throttle.wait()
            message = str(api.Throttled(wait).detail)
            response = JsonResponse({"detail": message}, status=429, json_dumps_params={"ensure_ascii": False})
            if wait is not None:
                response["Retry-After"] = str(int(wait) + (wait % 1 > 0))
            return response
        return view(request, *args, **kwargs)

    return wrapped


def _absolute(request, name: str, *args) -> str:
    return request.build_absolute_uri(reverse(name, args=args))


def _dataset(slug: str) -> Dataset:
    try:
        return BY_SLUG[slug]
    except KeyError:
        raise Http404("No existe ese conjunto de datos.") from None


def _links(request, dataset: Dataset) -> dict[str, str]:
    csv_url = _absolute(request, "opendata:dataset_csv", dataset.slug)
    return {
        "api": _absolute(request, f"opendata:{dataset.api_name}"),
        "csv": csv_url,
        "excel": csv_url + "?formato=excel",
        "dictionary": _absolute(request, "opendata:dictionary", dataset.slug),
        "dictionary_json": _absolute(request, "opendata:dictionary_json", dataset.slug),
    }


def index(request):
    rows = [{"dataset": d, "links": _links(request, d)} for d in DATASETS]
    return render(request, "opendata/index.html", {
        "rows": rows, "license_name": LICENSE_NAME, "license_url": LICENSE_URL, "license_why": LICENSE_WHY,
        "excel_note": EXCEL_NOTE,
    })


def dictionary_page(request, slug: str):
    dataset = _dataset(slug)
    return render(request, "opendata/dictionary.html", {
        "dataset": dataset, "columns": dictionary(dataset), "links": _links(request, dataset), "excel_note": EXCEL_NOTE,
    })


@throttled
@cached_public
def dictionary_json(request, slug: str):
    dataset = _dataset(slug)
    response = JsonResponse(
        {"conjunto": dataset.slug, "titulo": dataset.title, "columnas": dictionary(dataset)},
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )
    return set_download_name(response, f"diccionario-{dataset.slug}.json", attachment=False)


@throttled
@cached_public
def dataset_csv(request, slug: str):
    """Every row of the dataset (no pagination) with the API's filters; `?formato=excel` for the
    Spanish-Excel dialect."""
    dataset = _dataset(slug)
    view = dataset.view()
    view.request = Request(request)
    view.args, view.kwargs, view.format_kwarg = (), {}, None
    try:
        rows = view.rows()
    except exceptions.ValidationError as error:
        return JsonResponse(error.detail, status=400, safe=False, json_dumps_params={"ensure_ascii": False})
    fast = database_table(dataset, rows) if isinstance(rows, QuerySet) else None
    header, table = fast or csv_table(dataset, view.get_serializer(rows, many=True).data)
    return csv_download(request, f"{dataset.slug}.csv", header, table)


# --- DCAT catalogue ----------------------------------------------------------------------------

FREQUENCY = {
    "mensual": "http://publications.europa.eu/resource/authority/frequency/MONTHLY",
    "anual": "http://publications.europa.eu/resource/authority/frequency/ANNUAL",
    "cuatrienal": "http://publications.europa.eu/resource/authority/frequency/IRREG",
}


def _modified() -> str:
    """The catalogue's update date: today (Bogotá); the figures are recomputed on every request."""
    return timezone.localdate().isoformat()


def _distribution(request, dataset: Dataset, kind: str) -> dict:
    links = _links(request, dataset)
    title, media, url = {
        "csv": ("CSV (UTF-8, separado por comas, punto decimal)", "text/csv", links["csv"]),
        "excel": ("CSV para Excel en español (UTF-8 con BOM, «;», coma decimal)", "text/csv", links["excel"]),
        "json": ("API JSON paginada", "application/json", links["api"]),
    }[kind]
    return {
        "@type": "dcat:Distribution",
        "@id": f"{url}#distribucion",
        "dct:title": title,
        "dcat:accessURL": url,
        "dcat:downloadURL": url,
        "dcat:mediaType": media,
        "dct:format": {"csv": "CSV", "excel": "CSV", "json": "JSON"}[kind],
        "dct:license": LICENSE_URL,
        "dct:conformsTo": links["dictionary_json"],
        "foaf:page": links["dictionary"],
    }


def catalogue_document(request) -> dict:
    modified = _modified()
    publisher = {"@type": "foaf:Organization", "foaf:name": PUBLISHER, "foaf:homepage": PUBLISHER_URL}
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "vcard": "http://www.w3.org/2006/vcard/ns#",
        },
        "@type": "dcat:Catalog",
        "@id": _absolute(request, "opendata:catalogue"),
        "dct:title": "Datos abiertos de planeación del ISVIMED",
        "dct:description": "Plan de desarrollo, indicadores, proyectos, presupuesto y ejecución, planes de acción, "
        "rendición de cuentas y estadísticas de peticiones del ISVIMED (Ley 1712 de 2014, Resolución MinTIC 1519 de 2020).",
        "dct:publisher": publisher,
        "dct:language": "es",
        "dct:license": LICENSE_URL,
        "dct:rights": LICENSE_WHY,
        "dct:modified": modified,
        "foaf:homepage": _absolute(request, "opendata:index"),
        "dcat:service": {
            "@type": "dcat:DataService",
            "dct:title": "API de datos abiertos del ISVIMED",
            "dcat:endpointURL": request.build_absolute_uri("/datos/api/v1/"),
            "dcat:endpointDescription": _absolute(request, "opendata:schema"),
            "foaf:page": _absolute(request, "opendata:documentation"),
        },
        "dcat:dataset": [
            {
                "@type": "dcat:Dataset",
                "@id": _absolute(request, "opendata:dictionary", d.slug),
                "dct:identifier": f"isvimed-{d.slug}",
                "dct:title": d.title,
                "dct:description": d.description + (f" {d.parameters}" if d.parameters else ""),
                "dct:publisher": publisher,
                "dct:license": LICENSE_URL,
                "dct:language": "es",
                "dct:modified": modified,
                "dct:spatial": "Medellín, Antioquia, Colombia",
                "dct:accrualPeriodicity": FREQUENCY[d.frequency],
                "dcat:keyword": list(d.keywords),
                "dcat:theme": d.theme,
                "dcat:contactPoint": {"@type": "vcard:Organization", "vcard:fn": "Subdirección de Planeación, ISVIMED"},
                "dct:conformsTo": _absolute(request, "opendata:dictionary_json", d.slug),
                "dcat:distribution": [_distribution(request, d, kind) for kind in ("csv", "excel", "json")],
            }
            for d in DATASETS
        ],
    }


@throttled
@cached_public
def catalogue(request):
    response = JsonResponse(catalogue_document(request), json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Type"] = "application/ld+json; charset=utf-8"
    return set_download_name(response, "catalogo.json", attachment=False)


# --- API documentation, from the schema ---------------------------------------------------------


@cache
def _schema() -> dict:
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def _resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def _fields(schema: dict, node: dict) -> list[dict]:
    node = _resolve(schema, node)
    if "results" in node.get("properties", {}):  # a paginated list: its rows
        node = _resolve(schema, node["properties"]["results"]["items"])
    required = set(node.get("required", []))
    rows = []
    for name, prop in node.get("properties", {}).items():
        prop = _resolve(schema, prop) if "$ref" in prop else prop
        kind = prop.get("type", "objeto")
        if prop.get("format"):
            kind = f"{kind} ({prop['format']})"
        rows.append({"name": name, "type": kind, "nullable": prop.get("nullable", False) or name not in required,
                     "description": prop.get("description", "")})
    return rows


def api_operations() -> list[dict]:
    schema = _schema()
    operations = []
    for path, item in schema.get("paths", {}).items():
        for method, op in item.items():
            ok = op.get("responses", {}).get("200", {})
            content = ok.get("content", {}).get("application/json", {}).get("schema", {})
            operations.append({
                "method": method.upper(), "path": path, "summary": op.get("summary", ""),
                "description": op.get("description", ""),
                "parameters": [
                    {"name": p["name"], "where": {"query": "consulta", "path": "ruta"}.get(p["in"], p["in"]),
                     "required": p.get("required", False), "type": p.get("schema", {}).get("type", ""),
                     "format": p.get("schema", {}).get("format", ""), "description": p.get("description", "")}
                    for p in op.get("parameters", [])
                ],
                "fields": _fields(schema, content) if content else [],
                "statuses": sorted(op.get("responses", {})),
            })
    return operations


@throttled
@cached_public
def schema(request):
    """The OpenAPI 3 document: generated once per process (it is derived from the code only)."""
    response = JsonResponse(_schema(), json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/vnd.oai.openapi+json; charset=utf-8"
    return response


def api_docs(request):
    return render(request, "opendata/api_docs.html", {
        "operations": api_operations(), "info": _schema().get("info", {}), "excel_note": EXCEL_NOTE,
    })
