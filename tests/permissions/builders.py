"""One coherent data set for the permission matrix: every kind of object a URL can point at.

`lead` leads project A (every "own object" in the matrix belongs to A); `lead2` leads project B
and plays "a lead on another's object" when they open A's pages.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile

from accountability.models import (
    AccountabilityReport,
    CouncilCommitment,
    CouncilSession,
    HearingCommitment,
    HearingQuestion,
    InformationRequest,
    PublicHearing,
)
from action_plan.models import ActionPlan, ActionPlanEntry
from budget.models import FiscalYear, ProjectAllocation, TargetReprogramming
from isvimed_planning.agenda import token_of
from isvimed_planning.deadlines.models import DeadlineInstance
from isvimed_planning.models import Notice
from isvimed_planning.workbook.models import ImportJob
from monitoring.models import CuadreRun, MatrixSnapshot, ReportingPeriod
from projects.models import Activity, Deliverable, ParticipatoryMeeting, ProjectFunding, Risk
from strategy.models import PlanningInstrument, StakeholderGroup, StrategicPlatform
from tests import factories
from tests.conftest import _persona
from tests.matrices.sealed import sealed_submission
from tests.monitoring.builders import add_evidence, report as progress_report, small_pdf

PERSONA_USERS = ("planner", "lead", "lead2", "director", "finance", "reader", "sysadmin", "outsider")
YEAR = 2025          # the year everything is reported and budgeted in (action plan in draft)
PUBLIC_YEAR = 2026   # a year whose action plan is published


def _file(name: str = "acta.pdf") -> ContentFile:
    return ContentFile(small_pdf(), name=name)


def build_world() -> SimpleNamespace:
    users = {name: _persona(name) for name in PERSONA_USERS}
    lead, lead2, planner = users["lead"], users["lead2"], users["planner"]

    # Strategy: plan → line → component → program → indicator; an approved platform and a draft v2.
    the_plan = factories.plan(2024)
    program = factories.program("4.2.1", "Vivienda nueva", the_plan=the_plan)
    component, line = program.component, program.component.line
    indicator = factories.indicator("4.2.1.1", the_program=program, targets={YEAR: "40"})
    approved_platform = StrategicPlatform.objects.create(
        plan=the_plan, version=1, state="approved", mission="Misión", approved_by=users["director"],
        approved_at=dt.datetime(2024, 3, 1, tzinfo=dt.UTC),
    )
    platform = StrategicPlatform.objects.create(plan=the_plan, version=2, mission="Misión v2", based_on=approved_platform)
    stakeholder = StakeholderGroup.objects.create(platform=platform, name="Hogares", expectations="Vivienda digna")
    instrument = PlanningInstrument(plan=the_plan, kind="pdm", reference="Acuerdo 01 de 2024")
    instrument.file.save("acuerdo.pdf", _file("acuerdo.pdf"), save=False)
    instrument.save()

    # Projects: A (lead, in formulation, fully described) and B (lead2).
    project = factories.project(lead=lead, name="Vivienda nueva Pajarito", territory_code=10)
    project_b = factories.project(lead=lead2, name="Mejoramiento Comuna 8", territory_code=8)
    # A public project with a BPIN: the open data publish it (/datos/api/v1/proyectos/<bpin>/).
    bpin_project = factories.project(lead=lead2, the_program=program, state="in_execution", bank_code="2024050010999",
                                       name="Vivienda en ejecución Robledo", territory_code=7)
    product = factories.product(project, code="P1", the_indicator=indicator, goals={YEAR: "40", PUBLIC_YEAR: "40"})
    factories.product(project_b, code="P1", the_indicator=indicator, goals={YEAR: "20", PUBLIC_YEAR: "20"})
    activity = Activity.objects.create(product=product, name="Construcción")
    deliverable = Deliverable.objects.create(project=project, product=product, name="Viviendas entregadas")
    risk = Risk.objects.create(project=project, description="Retraso en licencias")
    funding = ProjectFunding.objects.create(
        project=project, source=factories.funding_source(), year=YEAR, amount=Decimal("1000000")
    )
    meeting = ParticipatoryMeeting(territory_id=10, date=dt.date(2024, 5, 1), kind="housing_commission", created_by=planner,
                                   minutes_name="acta.pdf")
    meeting.minutes.save("acta.pdf", _file(), save=False)
    meeting.save()
    meeting.projects.add(project)

    # Budget: two years with allocations to both projects, a pending goal reprogramming.
    fy = FiscalYear.objects.create(year=YEAR, global_ceiling=Decimal("5000000000"), allocated_total=Decimal("1500000000"))
    allocation = ProjectAllocation.objects.create(fiscal_year=fy, project=project, source=factories.funding_source("Recursos propios"),
                                                  amount=Decimal("1000000000"))
    ProjectAllocation.objects.create(fiscal_year=fy, project=project_b, source=factories.funding_source("Recursos propios"), amount=Decimal("500000000"))
    fy_public = FiscalYear.objects.create(year=PUBLIC_YEAR, global_ceiling=Decimal("5000000000"))
    reprogramming = TargetReprogramming.objects.create(
        product=product, year=YEAR, effective_date=dt.date(YEAR, 7, 1), new_goal=Decimal("30"),
        justification="Menor disponibilidad de lotes", requested_by=planner,
    )

    # Action plans: a draft one for YEAR, a published one for PUBLIC_YEAR.
    action_plan = ActionPlan.objects.create(fiscal_year=fy)
    entry = ActionPlanEntry.objects.create(plan=action_plan, project=project, responsible=lead)
    ActionPlanEntry.objects.create(plan=action_plan, project=project_b, responsible=lead2)
    published_plan = ActionPlan.objects.create(
        fiscal_year=fy_public, state="published", approved_by=users["director"],
        approved_at=dt.datetime(2026, 1, 20, tzinfo=dt.UTC), published_at=dt.datetime(2026, 1, 25, tzinfo=dt.UTC),
    )
    ActionPlanEntry.objects.create(plan=published_plan, project=project, responsible=lead)

    # Follow-up: an open period, a pending report for each project (A's with an evidence file).
    period = ReportingPeriod.objects.create(year=YEAR, month=3, cutoff=dt.date(YEAR, 3, 31),
                                            report_deadline=dt.date(YEAR, 4, 7))
    report = progress_report(project, month=3, evidence=False)
    evidence = add_evidence(report, by=lead)
    progress_report(project_b, month=3, evidence=False)
    # The citizens' pages (transparency): a project in execution with an approved report whose evidence is public.
    public_project = factories.project(lead=lead2, state="in_execution", name="Titulación Santa Elena", territory_code=90)
    public_report = progress_report(public_project, month=2, state="approved", evidence=False, territories={90: "1000000"})
    public_evidence = add_evidence(public_report, by=lead2, name="entrega.pdf")
    public_evidence.is_public = True
    public_evidence.save()
    snapshot = MatrixSnapshot(kind="plan-indicativo", year=YEAR, cutoff=dt.date(YEAR, 3, 31), state="done",
                              progress=100, requested_by=planner)
    snapshot.file.save("plan-indicativo.xlsx", ContentFile(b"PK\x03\x04 not really a workbook"), save=False)
    snapshot.save()
    submission = sealed_submission(snapshot, by=planner)
    cuadre_run = CuadreRun.objects.create(year=YEAR, cutoff=dt.date(YEAR, 3, 31), data_version="0", state="done",
                                          progress=100, requested_by=planner)
    job = ImportJob(original_name="libro.xlsx", size=10, state="checked", created_by=planner)
    job.file.save("libro.xlsx", ContentFile(b"PK\x03\x04"), save=False)
    job.save()

    # Accountability: a received request, an answered one with a file, a council session with a
    # commitment and a questionnaire, a draft and an approved report.
    request_ = InformationRequest.objects.create(
        filing_number="RAD-00001", requester_name="María Pérez", requester_kind="citizen", channel="email",
        received_on=dt.date(YEAR, 3, 2), kind="general", subject="Estado de mi subsidio", due_date=dt.date(YEAR, 3, 24),
    )
    answered = InformationRequest(
        filing_number="RAD-00002", requester_name="Juan Gómez", requester_kind="citizen", channel="web",
        received_on=dt.date(YEAR, 2, 2), kind="general", subject="Copia del contrato", due_date=dt.date(YEAR, 2, 24),
        answer="Se adjunta.", answered_on=dt.date(YEAR, 2, 10), state="answered", answer_file_name="respuesta.pdf",
    )
    answered.answer_file.save("respuesta.pdf", _file("respuesta.pdf"), save=False)
    answered.save()
    session = CouncilSession(kind="ordinary", date=dt.date(YEAR, 5, 10), subject="Debate de control: vivienda",
                             questionnaire_file_name="cuestionario.pdf", created_by=planner)
    session.questionnaire_file.save("cuestionario.pdf", _file("cuestionario.pdf"), save=False)
    session.save()
    commitment = CouncilCommitment.objects.create(session=session, description="Enviar el listado de subsidios",
                                                  due_date=dt.date(YEAR, 6, 10))
    draft_report = AccountabilityReport.objects.create(
        year=YEAR, period_start=dt.date(YEAR, 1, 1), period_end=dt.date(YEAR, 6, 30), title="Rendición 2025 (borrador)",
        created_by=planner,
    )
    approved_report = AccountabilityReport.objects.create(
        year=YEAR - 1, period_start=dt.date(YEAR - 1, 1, 1), period_end=dt.date(YEAR - 1, 12, 31),
        title="Rendición de cuentas 2024", state="approved", approved_by=users["director"],
        approved_at=dt.datetime(YEAR, 1, 30, tzinfo=dt.UTC), created_by=planner,
    )
    # A public hearing (window closed) with a pending question and an improvement commitment.
    hearing = PublicHearing.objects.create(
        title="Audiencia pública 2024", starts_at=dt.datetime(YEAR, 3, 20, 20, tzinfo=dt.UTC), place="Teatro Lido",
        questions_open_at=dt.datetime(YEAR, 2, 20, 5, tzinfo=dt.UTC), questions_close_at=dt.datetime(YEAR, 3, 15, 5, tzinfo=dt.UTC),
        report=approved_report, created_by=planner,
    )
    question = HearingQuestion.objects.create(hearing=hearing, text="¿Cuándo se entregan las viviendas?", email="c@example.com")
    hearing_commitment = HearingCommitment.objects.create(hearing=hearing, description="Publicar el cronograma",
                                                          due_date=dt.date(YEAR, 6, 30), responsible_name="Planeación")

    # ANS clocks and a notice addressed to the lead.
    DeadlineInstance.objects.create(
        step="project", content_type=ContentType.objects.get_for_model(project), object_id=project.pk,
        title=project.name, start=dt.date(YEAR, 1, 10), due=dt.date(YEAR, 2, 10), responsible=lead,
    )
    DeadlineInstance.objects.create(
        step="information_request", content_type=ContentType.objects.get_for_model(request_), object_id=request_.pk,
        title=request_.subject, start=request_.received_on, due=request_.due_date, responsible=planner,
    )
    notice = Notice.objects.create(recipient=lead, kind="report_returned", key="matrix-1", title="Reporte devuelto",
                                   url="/seguimiento/")

    return SimpleNamespace(
        users=users, plan=the_plan, line=line, component=component, program=program, indicator=indicator,
        platform=platform, approved_platform=approved_platform, stakeholder=stakeholder, instrument=instrument,
        project=project, project_b=project_b, bpin_project=bpin_project, product=product, activity=activity, deliverable=deliverable, risk=risk,
        funding=funding, meeting=meeting, fy=fy, fy_public=fy_public, allocation=allocation,
        reprogramming=reprogramming, action_plan=action_plan, entry=entry, published_plan=published_plan,
        period=period, report=report, evidence=evidence, snapshot=snapshot, submission=submission, cuadre_run=cuadre_run, job=job, request=request_,
        answered=answered, session=session, commitment=commitment, draft_report=draft_report,
        approved_report=approved_report, hearing=hearing, question=question, hearing_commitment=hearing_commitment,
        notice=notice, public_project=public_project, public_evidence=public_evidence, calendar_token=token_of(lead),
    )
