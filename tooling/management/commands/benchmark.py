"""python manage.py benchmark [--year 2026] [--requests 50] [--workbook PATH]

Measures, in one run on the data in the database (fill it first with `seed_scale`), and prints
one Markdown table per part:

1. each of the four matrices (compute + write_xlsx): seconds, database queries, peak memory
   (tracemalloc, measured in a second pass so that tracing does not slow the timed pass);
   the floor: XlsxWriter in constant_memory mode writing the same cells from rows already in
   memory, and the ratio matrix / floor; the same rows through tablib (the engine of
   django-import-export: a Dataset per sheet in a Databook, exported as xlsx), and the ratio
   tablib / matrix;
2. `import_workbook` of PATH (when given): data rows, seconds (untraced pass) and peak memory
   (second, traced pass); each import runs in a transaction that is rolled back, so the database
   is left as it was;
3. every export and the workbook import with its peak memory (tracemalloc): the four matrices
   as the service writes them (Georreferenciación streamed), export_workbook, the lists'
   "Descargar Excel" downloads, the open-data CSVs, import_workbook of PATH; rows and peak MB,
   so that the table can be compared at 10× and 100× (`--skip-exports`);
4. the ten busiest pages, requested `--requests` times each with the Django test Client logged
   in as a planner: status, queries and median / p95 milliseconds (a page slower than
   `--page-budget` seconds in total stops early, after at least 10 requests; n says how many).
"""
from __future__ import annotations

import datetime as dt
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from decimal import Decimal
from typing import cast

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

PAGES = [
    "Lista de proyectos", "Página del proyecto", "Formulario de reporte", "Tablero de seguimiento",
    "Árbol del plan", "Lista de indicadores", "Vigencia presupuestal", "Plan de acción", "Matrices", "Tablero ANS",
]


def _refresh_elsewhere() -> None:
    """`manage.py refresh_figures` in a process of its own, as the beat job runs in a worker."""
    subprocess.run([sys.executable, "manage.py", "refresh_figures"], check=True, capture_output=True, cwd=settings.BASE_DIR)


def busy_pages(*, year: int) -> list[tuple[str, str]]:
    """The ten busiest pages and their URLs for the data in the database (label, url)."""
    from django.urls import reverse

    from monitoring.models import ProgressReport
    from projects.models import Project

    project = Project.objects.order_by("bank_code", "id")[Project.objects.count() // 2]
    report = (
        ProgressReport.objects.exclude(state="approved").order_by("project_id", "-year", "-month").first()
    )
    report_url = (
        reverse("monitoring:report_edit", args=[report.pk]) if report is not None
        else reverse("monitoring:report_detail", args=[ProgressReport.objects.order_by("pk").values_list("pk", flat=True)[0]])
    )
    urls = [
        reverse("projects:index"),
        reverse("projects:detail", args=[project.pk]),
        report_url,
        reverse("monitoring:index"),
        reverse("strategy:index"),
        reverse("strategy:indicators"),
        reverse("budget:year", args=[year]),
        reverse("action_plan:detail", args=[year]),
        reverse("monitoring:matrices"),
        reverse("deadlines:index"),
    ]
    return list(zip(PAGES, urls, strict=True))


def planner_client(username: str | None = None):
    from django.test import Client

    from isvimed_planning import roles

    users = roles.users_with_role(roles.PLANEACION)
    user = users.filter(username=username).first() if username else users.order_by("pk").first()
    if user is None:
        raise CommandError("No hay un usuario de Planeación: ejecute primero seed_scale.")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    return client


def count_queries(func) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as ctx:
        result = func()
    return len(ctx.captured_queries), result


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, -(-len(ordered) * 95 // 100) - 1)]


def _mb(n: int) -> str:
    return f"{n / 1_048_576:.1f}"


# The lists' "Descargar Excel" downloads (isvimed_planning.list_export) and the year's workbooks:
# (label, URL name, takes the year).
LIST_EXPORTS = [
    ("Lista de proyectos", "projects:index_xlsx", False),
    ("Lista de reportes mensuales", "monitoring:report_list_xlsx", False),
    ("Lista de indicadores", "strategy:indicators_xlsx", False),
    ("Tablero ANS", "deadlines:index_xlsx", False),
    ("Techos de la vigencia", "budget:allocations_xlsx", True),
    ("Costos unitarios", "budget:unit_costs_xlsx", True),
    ("POAI", "budget:poai_xlsx", True),
    ("Plan de acción", "action_plan:xlsx", True),
]


def traced(func):
    """(func's result, seconds, peak bytes allocated meanwhile) under tracemalloc."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result = func()
        seconds = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, seconds, peak


def _download(client, url, path) -> str:
    """Save the body of a download to `path` as a browser would (a streamed one block by block,
    so that the measurement does not hold the file); the path."""
    response = client.get(url, secure=True)
    if response.status_code != 200:
        raise CommandError(f"{url}: {response.status_code}")
    with open(path, "wb") as handle:
        if response.streaming:
            for block in response.streaming_content:
                handle.write(block)
        else:
            handle.write(response.content)
    return path


def _xlsx_rows(path) -> int:
    """Data rows of a list download (below its header, on row 5)."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    rows = sum(max(0, (ws.max_row or 0) - 5) for ws in book.worksheets)
    book.close()
    return rows


def _csv_rows(path) -> int:
    with open(path, "rb") as handle:
        return max(0, sum(1 for _ in handle) - 1)


def _plain_cell(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (int, float)) or value is None:
        return value
    return str(value)


def write_floor(matrix, path) -> float:
    """XlsxWriter, constant_memory, the same cells from rows already in memory (pre-converted)."""
    import xlsxwriter

    from isvimed_planning.safe_export import XLSXWRITER_OPTIONS

    prepared = [(s.name, s.headers, [[_plain_cell(v) for v in row] for row in s.rows]) for s in matrix.sheets]
    started = time.perf_counter()
    workbook = xlsxwriter.Workbook(path, {"constant_memory": True, "in_memory": False, **XLSXWRITER_OPTIONS})
    for name, headers, rows in prepared:
        ws = workbook.add_worksheet(name)
        ws.write_row(4, 0, headers)
        for r, row in enumerate(rows, start=5):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, str):
                    ws.write_string(r, c, value)
                else:
                    ws.write_number(r, c, value)
    workbook.close()
    return time.perf_counter() - started


def write_tablib(matrix) -> float:
    import tablib

    started = time.perf_counter()
    book = tablib.Databook()
    for sheet in matrix.sheets:
        data = tablib.Dataset(headers=sheet.headers, title=sheet.name[:31])
        for row in sheet.rows:
            data.append(row)
        book.add_sheet(data)
    content = book.export("xlsx")
    assert content
    return time.perf_counter() - started


def write_import_export(matrix) -> float:
    """The usual tool end to end: a django-import-export `Resource` per sheet declaring one field
    per column (numbers through `DecimalWidget(coerce_to_string=False)` so that they stay numeric
    cells), `Resource.export()` of the same rows, then its XLSX format (tablib + openpyxl). The
    rows are already computed, as for the floor."""
    from import_export import fields, resources, widgets
    from import_export.formats.base_formats import XLSX

    prepared = []
    for sheet in matrix.sheets:
        declared = {
            f"c{i}": fields.Field(
                attribute=f"c{i}", column_name=column.header,
                widget=widgets.DecimalWidget(coerce_to_string=False) if column.numeric else widgets.CharWidget(),
            )
            for i, column in enumerate(sheet.columns)
        }
        resource = type("SheetResource", (resources.Resource,), declared)()
        keys = [f"c{i}" for i in range(len(sheet.columns))]
        prepared.append((resource, [dict(zip(keys, row, strict=True)) for row in sheet.rows]))
    started = time.perf_counter()
    for resource, rows in prepared:
        content = XLSX().export_data(resource.export(rows))
        assert content
    return time.perf_counter() - started


class Command(BaseCommand):
    help = "Mide matrices, importación del libro y páginas sobre los datos de la base (ver docs/performance.md)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=2026)
        parser.add_argument("--cutoff", type=dt.date.fromisoformat, default=None, help="AAAA-MM-DD (fin del año)")
        parser.add_argument("--requests", type=int, default=50)
        parser.add_argument("--page-budget", type=float, default=30.0,
                            help="segundos máximos por página: se detiene antes de --requests (mínimo 10)")
        parser.add_argument("--user", default=None, help="usuario de Planeación (por defecto el primero)")
        parser.add_argument("--workbook", default=None, help="libro .xlsx para medir import_workbook")
        parser.add_argument("--skip-matrices", action="store_true")
        parser.add_argument("--skip-pages", action="store_true")
        parser.add_argument("--skip-cuadre", action="store_true")
        parser.add_argument("--skip-exports", action="store_true")
        parser.add_argument("--skip-workbook-export", action="store_true",
                            help="sin export_workbook en la tabla de exportaciones (a 100×, trazado, tarda casi una hora)")
        parser.add_argument("--skip-comparisons", action="store_true",
                            help="sin tablib ni django-import-export (guardan todas las celdas en memoria: a 100× no caben)")

    def handle(self, *args, **o):
        year = o["year"]
        cutoff = o["cutoff"] or dt.date(year, 12, 31)
        out = self.stdout.write
        from monitoring.models import ProgressReport
        from projects.models import Project

        out(f"# Benchmark {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC — {connection.vendor}, "
            f"{Project.objects.count():,} proyectos, {ProgressReport.objects.count():,} reportes; "
            f"vigencia {year}, corte {cutoff:%d/%m/%Y}\n")
        if not o["skip_matrices"]:
            self._matrices(year, cutoff, compare=not o["skip_comparisons"])
        if not o["skip_cuadre"]:
            self._cuadre(year, cutoff)
        workbook = self._workbook(o["workbook"]) if o["workbook"] else None
        if not o["skip_exports"]:
            self._exports(year, cutoff, o["user"], workbook, with_workbook=not o["skip_workbook_export"])
        if not o["skip_pages"]:
            self._pages(year, o["requests"], o["user"], o["page_budget"])

    def _matrices(self, year, cutoff, *, compare: bool = True):
        from monitoring.matrices import KINDS, compute, write_xlsx

        out = self.stdout.write
        out("| Matriz | Filas | Celdas | Segundos (cálculo + xlsx) | de ellos xlsx | Consultas | Memoria pico (MB) "
            "| Piso XlsxWriter (s) | × piso | tablib (s) | tablib ÷ matriz | django-import-export (s) "
            "| import-export ÷ matriz |")
        out("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        with tempfile.TemporaryDirectory() as tmp:
            for kind in KINDS:
                # Timed pass: nothing traced.
                started = time.perf_counter()
                matrix = compute(kind, year=year, cutoff=cutoff)
                computed = time.perf_counter()
                write_xlsx(matrix, f"{tmp}/{kind}.xlsx", year=year, cutoff=cutoff)
                seconds = time.perf_counter() - started
                writing = time.perf_counter() - computed
                # Second pass: queries and peak memory.
                tracemalloc.start()
                with CaptureQueriesContext(connection) as ctx:
                    again = compute(kind, year=year, cutoff=cutoff)
                    write_xlsx(again, f"{tmp}/{kind}-2.xlsx", year=year, cutoff=cutoff)
                _, peak = tracemalloc.get_traced_memory()
                tracemalloc.stop()
                del again
                floor = write_floor(matrix, f"{tmp}/{kind}-floor.xlsx")
                if compare:
                    via_tablib, via_import_export = write_tablib(matrix), write_import_export(matrix)
                    others = (f"| {via_tablib:.2f} | {via_tablib / seconds:.2f} "
                              f"| {via_import_export:.2f} | {via_import_export / seconds:.2f} |")
                else:
                    others = "| — | — | — | — |"
                # compute() without stream=True: every sheet's rows are a list.
                sizes = [(len(cast(list, sheet.rows)), len(sheet.columns)) for sheet in matrix.sheets]
                rows, cells = sum(n for n, _ in sizes), sum(n * width for n, width in sizes)
                out(f"| {kind} | {rows:,} | {cells:,} | {seconds:.2f} | {writing:.2f} | {len(ctx.captured_queries)} | {_mb(peak)} "
                    f"| {floor:.2f} | {seconds / floor:.2f} " + others)
        out("")

    def _cuadre(self, year, cutoff):
        """Each rule of the cuadre timed alone (untraced), then its queries in a second pass; the
        whole run as the Celery task does it (monitoring.cuadre.compute.run_rules)."""
        from monitoring.cuadre.compute import context_for, run_rules
        from monitoring.cuadre.rules import RULES

        out = self.stdout.write
        out("| Regla del cuadre | Hallazgos | Segundos | Consultas |")
        out("|---|---:|---:|---:|")
        ctx = context_for(year=year, cutoff=cutoff)
        for rule in RULES:
            started = time.perf_counter()
            found = list(rule.check(ctx))
            seconds = time.perf_counter() - started
            with CaptureQueriesContext(connection) as queries:
                list(rule.check(ctx))
            out(f"| {rule.code} {rule.title} | {len(found):,} | {seconds:.2f} | {len(queries.captured_queries)} |")
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            findings = run_rules(year=year, cutoff=cutoff)
        out(f"| **Todo el cuadre** | {len(findings):,} | {time.perf_counter() - started:.2f} "
            f"| {len(queries.captured_queries)} |")
        out("")
        from monitoring import projection

        out("| Proyección al cierre (todos los proyectos y programas) | Proyectos | Segundos | Consultas |")
        out("|---|---:|---:|---:|")
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            found = projection.compute(year=year, cutoff=cutoff)
        out(f"| sin caché | {len(found.projects):,} | {time.perf_counter() - started:.2f} | {len(queries.captured_queries)} |")
        out("")

    def _workbook(self, path):
        from openpyxl import load_workbook

        from isvimed_planning.workbook.importer import import_workbook

        out = self.stdout.write
        book = load_workbook(path, read_only=True)
        rows = 0
        for ws in book.worksheets:  # data rows: non-empty rows below each sheet's header row
            rows += max(0, sum(1 for row in ws.iter_rows(values_only=True) if any(v is not None for v in row)) - 1)
        book.close()

        class Rollback(Exception):
            pass

        def run():
            result = None
            try:
                with transaction.atomic():
                    with open(path, "rb") as handle:
                        result = import_workbook(handle, user=None, filename=path.rsplit("/", 1)[-1], dry_run=False)
                    raise Rollback
            except Rollback:
                pass
            return result

        started = time.perf_counter()
        result = run()  # timed pass, nothing traced
        seconds = time.perf_counter() - started
        tracemalloc.start()
        run()  # second pass for the peak memory
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        errors = result.error_total if result is not None else "?"
        out("| import_workbook | Filas de datos | Segundos | Memoria pico (MB) | Errores |")
        out("|---|---:|---:|---:|---:|")
        out(f"| {path.rsplit('/', 1)[-1]} | {rows:,} | {seconds:.1f} | {_mb(peak)} | {errors} |")
        out("(importación real dentro de una transacción que se revierte: la base queda como estaba)\n")
        return rows, seconds, peak

    def _exports(self, year, cutoff, username, workbook, *, with_workbook: bool = True):
        """Peak memory (tracemalloc) of every export, one after the other, and of the import."""
        from django.test import Client
        from django.urls import reverse

        from isvimed_planning.workbook.exporter import export_workbook
        from monitoring.matrices import KINDS, compute, write_xlsx
        from opendata.datasets import DATASETS

        out = self.stdout.write
        out("| Exportación / importación | Filas | Segundos (trazado) | Memoria pico (MB) |")
        out("|---|---:|---:|---:|")
        with tempfile.TemporaryDirectory() as tmp:
            for kind in KINDS:
                def matrix(kind=kind):
                    streamed = compute(kind, year=year, cutoff=cutoff, stream=True)
                    write_xlsx(streamed, f"{tmp}/{kind}.xlsx", year=year, cutoff=cutoff)
                    return sum(s.row_count for s in streamed.sheets)

                rows, seconds, peak = traced(matrix)
                out(f"| Matriz {kind} (.xlsx) | {rows:,} | {seconds:.2f} | {_mb(peak)} |")
            client = planner_client(username)
            for label, name, args in LIST_EXPORTS:
                url = reverse(name, args=[year] if args else None)
                path, seconds, peak = traced(lambda url=url: _download(client, url, f"{tmp}/lista.xlsx"))
                out(f"| {label} ({url}) | {_xlsx_rows(path):,} | {seconds:.2f} | {_mb(peak)} |")
            public = Client(HTTP_HOST="127.0.0.1")
            for dataset in DATASETS:
                url = reverse("opendata:dataset_csv", args=[dataset.slug])
                path, seconds, peak = traced(lambda url=url: _download(public, url, f"{tmp}/datos.csv"))
                out(f"| Datos abiertos {dataset.slug}.csv | {_csv_rows(path):,} | {seconds:.2f} | {_mb(peak)} |")
            # Last: the longest (every row of the plan's data).
            if with_workbook:
                counts, seconds, peak = traced(lambda: export_workbook(f"{tmp}/libro.xlsx"))
                out(f"| export_workbook (.xlsx) | {sum(counts.values()):,} | {seconds:.2f} | {_mb(peak)} |")
        if workbook is not None:
            rows, seconds, peak = workbook
            out(f"| import_workbook (sin trazar / trazado) | {rows:,} | {seconds:.2f} | {_mb(peak)} |")
        out("")

    def _pages(self, year, n, username, budget):
        out = self.stdout.write
        client = planner_client(username)
        out("| Página | URL | Estado | Consultas | Mediana (ms) | p95 (ms) | n |")
        out("|---|---|---:|---:|---:|---:|---:|")
        for label, url in busy_pages(year=year):
            queries, response = count_queries(lambda url=url: client.get(url, secure=True))
            times = []
            for _ in range(n):
                started = time.perf_counter()
                client.get(url, secure=True)
                times.append((time.perf_counter() - started) * 1000)
                if len(times) >= 10 and sum(times) > budget * 1000:
                    break  # a slow page: enough samples within its time budget
            out(f"| {label} | {url} | {response.status_code} | {queries} | {statistics.median(times):.0f} "
                f"| {_p95(times):.0f} | {len(times)} |")
        out("")
        self._after_a_change(client)

    def _after_a_change(self, client, rounds: int = 5):
        """The dashboard's first view after an approval changed its figures (issue 22): an approved
        report's amount moved by one peso, then the page, in this process (which holds the last
        figures) and in another one (which must first read them from the cache); and cold."""
        from isvimed_planning.caching import clear_local
        from monitoring.models import ProgressReport

        out = self.stdout.write
        url = "/seguimiento/"
        client.get(url, secure=True)
        reports = list(ProgressReport.objects.filter(state="approved").order_by("-year", "-month", "pk")[:rounds])
        here: list[float] = []
        elsewhere: list[float] = []
        for report in reports:
            for times, other_process in ((here, False), (elsewhere, True)):
                report.committed += 1
                report.save(update_fields=["committed"])
                if other_process:
                    clear_local()
                started = time.perf_counter()
                response = client.get(url, secure=True)
                times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200
            report.committed -= 2
            report.save(update_fields=["committed"])
        # With the beat job (monitoring.refresh_figures, another process: `manage.py
        # refresh_figures` here) having brought the figures up to date before the view.
        shared = not settings.CACHE_URL.startswith("locmem://")
        after_job: list[float] = []
        for report in reports if shared else []:
            report.committed += 1
            report.save(update_fields=["committed"])
            _refresh_elsewhere()
            started = time.perf_counter()
            assert client.get(url, secure=True).status_code == 200
            after_job.append((time.perf_counter() - started) * 1000)
            report.committed -= 1
            report.save(update_fields=["committed"])
        cache.clear()
        clear_local()
        started = time.perf_counter()
        client.get(url, secure=True)
        cold = (time.perf_counter() - started) * 1000
        cold_after_job = None
        if shared:
            cache.clear()
            clear_local()
            _refresh_elsewhere()
            started = time.perf_counter()
            client.get(url, secure=True)
            cold_after_job = (time.perf_counter() - started) * 1000
        out("| Tablero de seguimiento tras un cambio | Mediana (ms) | Máximo (ms) | n |")
        out("|---|---:|---:|---:|")
        out(f"| primera vista, mismo proceso | {statistics.median(here):.0f} | {max(here):.0f} | {len(here)} |")
        out(f"| primera vista, otro proceso sin las cifras base (las lee de la caché) | {statistics.median(elsewhere):.0f} "
            f"| {max(elsewhere):.0f} | {len(elsewhere)} |")
        out(f"| en frío (caché vacía: todo el instituto) | {cold:.0f} | {cold:.0f} | 1 |")
        if shared:
            out(f"| primera vista tras el trabajo refresh_figures (otro proceso), mismo proceso web "
                f"| {statistics.median(after_job):.0f} | {max(after_job):.0f} | {len(after_job)} |")
            out(f"| caché vaciada y refresh_figures, proceso web sin las cifras base | {cold_after_job:.0f} "
                f"| {cold_after_job:.0f} | 1 |")
        else:
            out("| tras el trabajo refresh_figures | (CACHE_URL=locmem: la caché no se comparte entre procesos) | | |")
        out("")
