"""Citizens' pages (no login): the public project list and pages, each project's CSV and public
evidence, "Mi comuna" per territory, and the transparency page of Resolución MinTIC 1519 de 2020.
They show only what transparency.selectors calls public; nothing here needs a role."""
from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accountability.selectors import period_bounds, quarter_of, quarter_start
from isvimed_planning.access import get_for_user
from isvimed_planning.files import attachment_response
from isvimed_planning.safe_export import csv_writer, set_download_name

from . import selectors

PAGE_SIZE = 25


def project_list(request):
    qs, filterset = selectors.project_list(request.GET)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request, "transparency/project_list.html",
        {"form": filterset.form, "page": page, "projects": page.object_list, "query": query.urlencode()},
    )


def project_detail(request, pk: int):
    project = selectors.get_public_project(pk)
    return render(request, "transparency/project_detail.html", {"p": selectors.project_page(project)})


# Column names of the open data, in Spanish like the accountability report's CSV.
CSV_HEADER = [
    "seccion", "codigo", "nombre", "unidad", "meta_vigencia", "programado_a_la_fecha", "avance_reportado",
    "presupuesto_inicial", "modificaciones", "presupuesto_definitivo", "comprometido", "obligado", "pagado",
]


def _blank(value):
    return "" if value is None else value


def project_csv(request, pk: int):
    """The project's figures of its page as CSV: one row per product (goal in force, programmed
    to date, reported progress) and per funding source (budget and execution), then the total."""
    page = selectors.project_page(selectors.get_public_project(pk), with_indicators=False)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    set_download_name(response, f"proyecto-{page.project.bank_code or page.project.pk}.csv")
    writer = csv_writer(response)
    writer.writerow(["vigencia", page.year or "", "fecha_corte", page.cutoff.isoformat() if page.cutoff else ""]
                    + [""] * (len(CSV_HEADER) - 4))
    writer.writerow(CSV_HEADER)
    for line in page.products:
        pr = line.figures
        writer.writerow(["producto", pr.code, pr.name, pr.unit, _blank(pr.goal), _blank(pr.programmed), _blank(pr.progress)]
                        + [""] * 6)
    for row in page.sources:
        writer.writerow(["fuente", row.code or "", row.name, "", "", "", "", row.initial, row.modifications,
                         row.definitive, row.committed, row.obligated, row.paid])
    if page.figures is not None:
        f = page.figures
        writer.writerow(["total", "", page.project.name, "", "", "", "", f.initial, f.modifications, f.definitive,
                         f.committed, f.obligated, f.paid])
    return response


def evidence_download(request, pk: int):
    """A public evidence file (selectors.public_evidence), streamed from the storage."""
    evidence = get_for_user(selectors.public_evidence(), pk=pk)
    if not evidence.file:
        raise Http404("No existe o no es pública.")
    return attachment_response(evidence.file, evidence.original_name)


def territory_index(request):
    rows, tiles, height = selectors.territory_index()
    return render(request, "transparency/territory_index.html", {"rows": rows, "tiles": tiles, "map_height": height})


def territory_detail(request, code: int):
    territory = selectors.get_territory(code)
    return render(request, "transparency/territory_detail.html", {"t": selectors.territory_page(territory)})


def transparency(request):
    # The petitions reports link the last complete quarter: the current one is still growing.
    period = quarter_of(quarter_start(timezone.localdate()) - dt.timedelta(days=1))
    return render(request, "transparency/index.html", {
        "petitions_period": period, "petitions_label": period_bounds(period)[2],
    })
