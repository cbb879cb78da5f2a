"""THE permission matrix: every URL of the application × every persona → allowed or refused.

One row per URL name (unnamed patterns are keyed by their route). A row gives the URL kwargs,
taken from the data set of builders.build_world() (`w`), and who is ALLOWED for GET and for
POST; every other persona must be refused (403, 404, 405, or the login page for anonymous).

Rules (DOMAIN.md): planeacion runs the procedure; responsable sees and edits only their own
projects (`lead` owns every object below, `lead2` is "a lead on another's object"); direccion
approves; financiera edits the budget; consulta reads everything; admin configures;
anonymous sees only the public pages. `set()` means "nobody": the method is not accepted (405)
or the object cannot be reached that way.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

PERSONAS = ("planner", "lead", "lead2", "director", "finance", "reader", "sysadmin", "outsider", "anonymous")

PLANNER = {"planner"}
DIRECTOR = {"director"}
FINANCE = {"finance"}
OWNER = {"lead"}
LEADS = {"lead", "lead2"}
READ_ALL = {"planner", "director", "finance", "reader", "sysadmin"}      # roles that read everything
ROLES = READ_ALL | LEADS                                                  # anyone holding a role
LOGGED_IN = ROLES | {"outsider"}
EVERYONE = LOGGED_IN | {"anonymous"}
NOBODY: set[str] = set()

PROJECT_EDITORS = PLANNER | OWNER        # project in formulation: planeación or its own lead
REPORT_EDITORS = PLANNER | OWNER         # pending monthly report: planeación or its own lead
MANAGERS = {"planner", "sysadmin"}       # accountability and workbook import: planeación and admin
RECORDERS = MANAGERS | DIRECTOR          # accountability commitments: also the Director, who answers for them


@dataclass(frozen=True)
class Row:
    kwargs: Callable[[object], dict]
    get: set[str]
    post: set[str]
    success_is_login: bool = False  # logging out lands on the login page: that is its success
    get_redirects: bool = False     # an allowed GET answers with a redirect (otherwise it must be a 200 page)


def row(get, post=None, kwargs=None, success_is_login=False, get_redirects=False) -> Row:
    """`post` defaults to `get` (a page that ignores the method answers POST like GET)."""
    return Row(kwargs=kwargs or (lambda w: {}), get=set(get), post=set(get if post is None else post),
               success_is_login=success_is_login, get_redirects=get_redirects)


def pk(attr):
    return lambda w: {"pk": getattr(w, attr).pk}


def plan_pk(w):
    return {"pk": w.plan.pk}


def project_pk(w):
    return {"pk": w.project.pk}


def project_item(attr):
    return lambda w: {"pk": w.project.pk, "item_pk": getattr(w, attr).pk}


def year(w):
    return {"year": w.fy.year}


def public_year(w):
    return {"year": w.fy_public.year}


def platform_item(w):
    return {"pk": w.platform.pk, "kind": "grupos", "item": w.stakeholder.pk}


MATRIX: dict[str, Row] = {
    # --- Core: home, health, account, notices --------------------------------------------
    "home": row(EVERYONE),  # anonymous visitors get the citizens' entry (home_public.html)
    "healthz": row(EVERYONE),
    "favicon.ico": row(EVERYONE, get_redirects=True),  # to the static file
    "login": row(EVERYONE, get_redirects=True),  # a logged-in user is sent on to the home page
    "logout": row(NOBODY, EVERYONE, success_is_login=True),
    "password_change": row(LOGGED_IN),
    "password_change_done": row(LOGGED_IN, NOBODY),
    "password_reset": row(EVERYONE),
    "password_reset_done": row(EVERYONE, NOBODY),
    "password_reset_confirm": row(EVERYONE, kwargs=lambda w: {"uidb64": "MQ", "token": "no-es-valido"}),
    "password_reset_complete": row(EVERYONE, NOBODY),
    "notice_list": row(LOGGED_IN),
    "notice_read": row(NOBODY, OWNER, kwargs=pk("notice")),  # only the recipient's own notice exists
    "notice_read_all": row(NOBODY, LOGGED_IN),
    # The legal calendar: each user's own dates; the feed answers whoever holds the private link (the lead's here).
    "agenda": row(LOGGED_IN),
    "agenda_token": row(NOBODY, LOGGED_IN),
    "agenda_ics": row(EVERYONE, NOBODY, kwargs=lambda w: {"token": w.calendar_token}),
    # --- Strategy: everyone with a role reads the plan, planeación edits, dirección approves --
    "strategy:index": row(ROLES),
    "strategy:plan_create": row(PLANNER),
    "strategy:plan_edit": row(PLANNER, kwargs=plan_pk),
    "strategy:plan_pdf": row(ROLES, kwargs=plan_pk),
    "strategy:line_create": row(PLANNER, kwargs=plan_pk),
    "strategy:component_create": row(PLANNER, kwargs=plan_pk),
    "strategy:program_create": row(PLANNER, kwargs=plan_pk),
    "strategy:indicator_create": row(PLANNER, kwargs=plan_pk),
    "strategy:platform_index": row(ROLES, kwargs=plan_pk, get_redirects=True),  # to the latest version
    "strategy:platform_new_version": row(NOBODY, PLANNER, kwargs=plan_pk),
    "strategy:platform_compare": row(ROLES, kwargs=plan_pk),
    "strategy:instruments": row(ROLES, kwargs=plan_pk),
    "strategy:instrument_create": row(PLANNER, kwargs=plan_pk),
    "strategy:line_edit": row(PLANNER, kwargs=pk("line")),
    "strategy:component_edit": row(PLANNER, kwargs=pk("component")),
    "strategy:program_edit": row(PLANNER, kwargs=pk("program")),
    "strategy:node_delete": row(NOBODY, PLANNER, kwargs=lambda w: {"kind": "programa", "pk": w.program.pk}),
    "strategy:catalogue_import": row({"sysadmin"}),
    "strategy:indicators": row(ROLES),
    "strategy:indicators_xlsx": row(ROLES),
    "strategy:indicator": row(ROLES, kwargs=pk("indicator")),
    "strategy:indicator_edit": row(PLANNER, kwargs=pk("indicator")),
    "strategy:indicator_delete": row(NOBODY, PLANNER, kwargs=pk("indicator")),
    "strategy:platform": row(ROLES, kwargs=pk("platform")),
    "strategy:platform_edit": row(PLANNER, kwargs=pk("platform")),
    "strategy:platform_approve": row(NOBODY, DIRECTOR, kwargs=pk("platform")),
    "strategy:platform_item_create": row(PLANNER, kwargs=lambda w: {"pk": w.platform.pk, "kind": "grupos"}),
    "strategy:platform_item_edit": row(PLANNER, kwargs=platform_item),
    "strategy:platform_item_delete": row(NOBODY, PLANNER, kwargs=platform_item),
    "strategy:instrument_edit": row(PLANNER, kwargs=pk("instrument")),
    "strategy:instrument_delete": row(NOBODY, PLANNER, kwargs=pk("instrument")),
    "strategy:instrument_file": row(ROLES, kwargs=pk("instrument")),
    # --- Projects: readers read all, a lead reads/edits only their own ---------------------
    "projects:index": row(ROLES),
    "projects:index_xlsx": row(ROLES),
    "projects:timeline": row(ROLES),
    "projects:create": row(PLANNER | LEADS),
    "projects:detail": row(READ_ALL | OWNER, kwargs=project_pk),
    "projects:sheet_pdf": row(READ_ALL | OWNER, kwargs=project_pk),
    "projects:edit_general": row(PROJECT_EDITORS, kwargs=project_pk),
    "projects:edit_mga": row(PROJECT_EDITORS, kwargs=project_pk),
    "projects:edit_territories": row(PROJECT_EDITORS, kwargs=project_pk),
    "projects:product_create": row(PROJECT_EDITORS, kwargs=project_pk),
    "projects:product_edit": row(PROJECT_EDITORS, kwargs=project_item("product")),
    "projects:activity_create": row(PROJECT_EDITORS, kwargs=project_pk),
    "projects:activity_edit": row(PROJECT_EDITORS, kwargs=project_item("activity")),
    "projects:deliverable_create": row(PROJECT_EDITORS, kwargs=project_pk),
    "projects:deliverable_edit": row(PROJECT_EDITORS, kwargs=project_item("deliverable")),
    "projects:risk_create": row(PROJECT_EDITORS, kwargs=project_pk),
    "projects:risk_edit": row(PROJECT_EDITORS, kwargs=project_item("risk")),
    "projects:funding_create": row(PROJECT_EDITORS, kwargs=project_pk),
    "projects:funding_edit": row(PROJECT_EDITORS, kwargs=project_item("funding")),
    "projects:item_delete": row(NOBODY, PROJECT_EDITORS,
                                kwargs=lambda w: {"pk": w.project.pk, "kind": "riesgo", "item_pk": w.risk.pk}),
    # Sending a project in formulation to review: its lead, or planeación.
    "projects:transition": row(PROJECT_EDITORS, kwargs=lambda w: {"pk": w.project.pk, "name": "submit"}),
    "projects:bpin_correct": row(PLANNER, kwargs=project_pk),  # the service refuses a project without a BPIN
    # The project's conversation: every reader of the project reads it; its lead, planeación and dirección write.
    "projects:comment_add": row(NOBODY, PLANNER | DIRECTOR | OWNER, kwargs=project_pk),
    "projects:meeting_list": row(ROLES),
    "projects:meeting_create": row(PLANNER),
    "projects:meeting_detail": row(READ_ALL | OWNER, kwargs=pk("meeting")),
    "projects:meeting_edit": row(PLANNER, kwargs=pk("meeting")),
    "projects:meeting_minutes": row(READ_ALL | OWNER, kwargs=pk("meeting")),
    # --- Budget: everyone with a role reads (a lead only their projects' lines), financiera edits
    "budget:index": row(ROLES, FINANCE),
    "budget:year": row(ROLES, kwargs=year),
    "budget:ceiling": row(NOBODY, FINANCE, kwargs=year),
    "budget:close": row(NOBODY, FINANCE, kwargs=year),
    "budget:allocation_create": row(NOBODY, FINANCE, kwargs=year),
    "budget:allocation": row(READ_ALL | OWNER, FINANCE, kwargs=lambda w: {"year": w.fy.year, "pk": w.allocation.pk}),
    "budget:allocation_delete": row(NOBODY, FINANCE, kwargs=lambda w: {"year": w.fy.year, "pk": w.allocation.pk}),
    "budget:modification_create": row(NOBODY, FINANCE, kwargs=year),
    "budget:unit_costs": row(ROLES, PLANNER | FINANCE, kwargs=year),
    "budget:poai": row(ROLES, kwargs=year),
    "budget:allocations_xlsx": row(ROLES, kwargs=year),
    "budget:unit_costs_xlsx": row(ROLES, kwargs=year),
    "budget:poai_xlsx": row(ROLES, kwargs=year),
    "budget:poai_pdf": row(ROLES, kwargs=year),
    # Goal reprogramming: planeación or financiera ask, dirección decides.
    "budget:reprogramming": row(READ_ALL | OWNER, DIRECTOR, kwargs=pk("reprogramming")),
    "budget:reprogramming_new": row(PLANNER | FINANCE, kwargs=lambda w: {"product_id": w.product.pk, "year": w.fy.year}),
    # --- Action plan: everyone with a role reads, planeación drafts, dirección approves -------
    "action_plan:index": row(ROLES),
    "action_plan:detail": row(ROLES, kwargs=year),
    "action_plan:build": row(NOBODY, PLANNER, kwargs=year),
    # The line of project A: like the project itself, a lead opens only their own.
    "action_plan:entry": row(READ_ALL | OWNER, PLANNER, kwargs=lambda w: {"year": w.fy.year, "pk": w.entry.pk}),
    "action_plan:transition": row(NOBODY, DIRECTOR, kwargs=lambda w: {"year": w.fy.year, "name": "approve"}),
    "action_plan:xlsx": row(ROLES, kwargs=year),
    "action_plan:pdf": row(ROLES, kwargs=year),
    "action_plan:public_index": row(EVERYONE),
    "action_plan:public": row(EVERYONE, kwargs=public_year),
    "action_plan:public_pdf": row(EVERYONE, kwargs=public_year),
    "action_plan:public_xlsx": row(EVERYONE, kwargs=public_year),
    # --- Monitoring: leads report on their own projects, planeación reviews ---------------
    "monitoring:index": row(ROLES),
    "monitoring:period_list": row(ROLES),
    "monitoring:period_create": row(PLANNER),
    "monitoring:period_edit": row(PLANNER, kwargs=pk("period")),
    "monitoring:period_close": row(NOBODY, PLANNER, kwargs=pk("period")),
    "monitoring:report_list": row(ROLES),
    "monitoring:report_list_xlsx": row(ROLES),
    "monitoring:report_start": row(NOBODY, REPORT_EDITORS,
                                   kwargs=lambda w: {"project_pk": w.project.pk, "year": w.fy.year, "month": 4}),
    "monitoring:report_detail": row(READ_ALL | OWNER, kwargs=pk("report")),
    "monitoring:report_edit": row(REPORT_EDITORS, kwargs=pk("report")),
    "monitoring:evidence_upload": row(NOBODY, REPORT_EDITORS, kwargs=pk("report")),
    # The report's conversation: every reader of the report reads it; its lead and planeación write.
    "monitoring:report_comment": row(NOBODY, PLANNER | OWNER, kwargs=pk("report")),
    "monitoring:report_transition": row(OWNER, kwargs=lambda w: {"pk": w.report.pk, "name": "submit"}),
    "monitoring:evidence_download": row(READ_ALL | OWNER, kwargs=pk("evidence")),
    "monitoring:evidence_delete": row(NOBODY, REPORT_EDITORS, kwargs=pk("evidence")),
    "monitoring:evidence_publish": row(NOBODY, PLANNER, kwargs=pk("evidence")),  # planeación decides what citizens see
    "monitoring:measurements": row(ROLES, PLANNER),
    "monitoring:matrices": row(READ_ALL, READ_ALL - {"reader"}),
    "monitoring:matrix_detail": row(READ_ALL, NOBODY, kwargs=pk("snapshot")),
    "monitoring:matrix_progress": row(READ_ALL, NOBODY, kwargs=pk("snapshot")),
    "monitoring:matrix_download": row(READ_ALL, NOBODY, kwargs=pk("snapshot")),
    "monitoring:matrix_retry": row(NOBODY, READ_ALL - {"reader"}, kwargs=pk("snapshot")),
    # Sealed submissions: planeación, dirección and admin mark a matrix as sent; whoever reads the
    # matrices reads a sent one; whoever generates them checks it; the list of hashes is public.
    "monitoring:matrix_send": row({"planner", "director", "sysadmin"}, kwargs=pk("snapshot")),
    "monitoring:submission_detail": row(READ_ALL, NOBODY, kwargs=pk("submission")),
    "monitoring:submission_check": row(NOBODY, READ_ALL - {"reader"}, kwargs=pk("submission")),
    "monitoring:submission_progress": row(READ_ALL, NOBODY, kwargs=pk("submission")),
    "monitoring:submission_download": row(READ_ALL, NOBODY, kwargs=pk("submission")),
    "monitoring:submissions_public": row(EVERYONE, NOBODY),
    # The cuadre: every role reads it (a lead only their own findings) and may compute it;
    # planeación justifies alerts.
    "monitoring:cuadre": row(ROLES, NOBODY),
    "monitoring:cuadre_run": row(NOBODY, ROLES),
    "monitoring:cuadre_progress": row(ROLES, NOBODY, kwargs=pk("cuadre_run")),
    "monitoring:cuadre_export": row(ROLES, NOBODY),
    "monitoring:cuadre_justify": row(NOBODY, PLANNER),
    "monitoring:cuadre_withdraw": row(NOBODY, PLANNER),
    # --- Accountability: read-all roles read, planeación (and admin) manage, dirección approves
    "accountability:index": row(READ_ALL),
    "accountability:request_list": row(READ_ALL),
    "accountability:request_list_xlsx": row(READ_ALL),
    "accountability:request_create": row(MANAGERS),
    "accountability:request_detail": row(READ_ALL, kwargs=pk("request")),
    "accountability:request_answer": row(MANAGERS, kwargs=pk("request")),
    "accountability:request_extend": row(MANAGERS, kwargs=pk("request")),
    "accountability:request_assign": row(NOBODY, MANAGERS, kwargs=pk("request")),
    "accountability:request_answer_file": row(READ_ALL, kwargs=pk("answered")),
    "accountability:request_transfer": row(MANAGERS, kwargs=pk("request")),
    "accountability:request_require": row(MANAGERS, kwargs=pk("request")),
    "accountability:request_complete": row(MANAGERS, kwargs=pk("request")),
    "accountability:request_withdraw": row(MANAGERS, kwargs=pk("request")),
    "accountability:petitions_report": row(READ_ALL),
    "accountability:petitions_report_pdf": row(READ_ALL),
    "accountability:public_petitions_json": row(EVERYONE, kwargs=lambda w: {"period": "2026-T1", "report": "acceso"}),
    "accountability:public_petitions_csv": row(EVERYONE, kwargs=lambda w: {"period": "2026", "report": "trimestral"}),
    "accountability:session_list": row(READ_ALL),
    "accountability:session_create": row(MANAGERS),
    "accountability:session_detail": row(READ_ALL, kwargs=pk("session")),
    "accountability:session_edit": row(MANAGERS, kwargs=pk("session")),
    "accountability:session_questionnaire": row(READ_ALL, kwargs=pk("session")),
    "accountability:commitment_create": row(MANAGERS, kwargs=pk("session")),
    "accountability:commitment_deliver": row(MANAGERS, kwargs=pk("commitment")),
    "accountability:hearing_list": row(READ_ALL),
    "accountability:hearing_create": row(MANAGERS),
    "accountability:hearing_detail": row(READ_ALL, kwargs=pk("hearing")),
    "accountability:hearing_edit": row(MANAGERS, kwargs=pk("hearing")),
    "accountability:hearing_commitment_create": row(RECORDERS, kwargs=pk("hearing")),
    "accountability:question_moderate": row(MANAGERS, kwargs=lambda w: {"pk": w.question.pk, "name": "publish"}),
    "accountability:commitment_list": row(READ_ALL),
    "accountability:commitment_follow_up": row(
        RECORDERS, kwargs=lambda w: {"source": "audiencia", "pk": w.hearing_commitment.pk}),
    "accountability:report_list": row(READ_ALL),
    "accountability:report_create": row(MANAGERS),
    "accountability:report_detail": row(READ_ALL, kwargs=pk("draft_report")),
    "accountability:report_edit": row(MANAGERS, kwargs=pk("draft_report")),
    "accountability:report_pdf": row(READ_ALL, kwargs=pk("draft_report")),
    "accountability:report_transition": row(DIRECTOR, kwargs=lambda w: {"pk": w.draft_report.pk, "name": "approve"}),
    "accountability:public_list": row(EVERYONE),
    # --- Citizens' pages (transparency): no login; only public projects, approved reports, public evidence
    "transparency:project_list": row(EVERYONE),
    "transparency:project_detail": row(EVERYONE, kwargs=pk("public_project")),
    "transparency:project_csv": row(EVERYONE, kwargs=pk("public_project")),
    "transparency:evidence_download": row(EVERYONE, kwargs=pk("public_evidence")),
    "transparency:territory_index": row(EVERYONE),
    "transparency:territory_detail": row(EVERYONE, kwargs=lambda w: {"code": 90}),
    "transparency:index": row(EVERYONE),
    "accountability:public_detail": row(EVERYONE, kwargs=pk("approved_report")),
    "accountability:public_hearing": row(EVERYONE, kwargs=pk("hearing")),
    "accountability:public_question": row(EVERYONE, kwargs=pk("hearing")),
    "accountability:public_pdf": row(EVERYONE, kwargs=pk("approved_report")),
    "accountability:public_json": row(EVERYONE, kwargs=pk("approved_report")),
    "accountability:public_csv": row(EVERYONE, kwargs=lambda w: {"pk": w.approved_report.pk, "table": "programas"}),
    # --- Open data (/datos/): public, read-only; the API answers POST with 405 --------------
    "opendata:index": row(EVERYONE),
    "opendata:catalogue": row(EVERYONE),
    "opendata:documentation": row(EVERYONE),
    "opendata:schema": row(EVERYONE),
    "opendata:dictionary": row(EVERYONE, kwargs=lambda w: {"slug": "proyectos"}),
    "opendata:dictionary_json": row(EVERYONE, kwargs=lambda w: {"slug": "proyectos"}),
    "opendata:dataset_csv": row(EVERYONE, kwargs=lambda w: {"slug": "proyectos"}),
    "opendata:api_lines": row(EVERYONE, NOBODY),
    "opendata:api_programs": row(EVERYONE, NOBODY),
    "opendata:api_cutoffs": row(EVERYONE, NOBODY),
    "opendata:api_indicators": row(EVERYONE, NOBODY),
    "opendata:api_projects": row(EVERYONE, NOBODY),
    "opendata:api_program_execution": row(EVERYONE, NOBODY),
    "opendata:api_territory_execution": row(EVERYONE, NOBODY),
    "opendata:api_source_execution": row(EVERYONE, NOBODY),
    "opendata:api_action_plans": row(EVERYONE, NOBODY),
    "opendata:api_reports": row(EVERYONE, NOBODY),
    "opendata:api_petitions": row(EVERYONE, NOBODY),
    "opendata:api_project": row(EVERYONE, NOBODY, kwargs=lambda w: {"bpin": w.bpin_project.bank_code}),
    # --- ANS: read-all roles watch the clocks, admin configures them ---------------------
    "deadlines:index": row(READ_ALL),
    "deadlines:index_xlsx": row(READ_ALL),
    "deadlines:configuration": row({"sysadmin"}),
    "deadlines:notice_preferences": row(LOGGED_IN),
    # --- Workbook: read-all roles export, planeación and admin import --------------------
    "workbook:index": row(READ_ALL, MANAGERS),
    "workbook:job": row(MANAGERS, kwargs=pk("job")),
    "workbook:job_progress": row(MANAGERS, NOBODY, kwargs=pk("job")),
    "workbook:job_confirm": row(NOBODY, MANAGERS, kwargs=pk("job")),
    "workbook:job_retry": row(NOBODY, MANAGERS, kwargs=pk("job")),
    "workbook:template": row(READ_ALL, NOBODY),
    "workbook:export": row(READ_ALL, NOBODY),
}


def allowed(name: str, persona: str, method: str) -> bool:
    entry = MATRIX[name]
    return persona in (entry.get if method == "GET" else entry.post)
