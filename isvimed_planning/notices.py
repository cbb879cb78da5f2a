"""Notices to users: in-app always, e-mail unless the user opted out for that kind.

Services call `notify(...)` inside their transaction; rows are written there, and the e-mail
is queued only once the transaction commits, so a rolled-back action notifies nobody.
`key` makes it idempotent: the same key for the same recipient is sent once.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import IntegrityError, transaction

from .models import Notice, User

log = logging.getLogger(__name__)

# Kinds of notice a user can choose to receive by e-mail or not (preferences page at /ans/avisos/preferencias/).
NOTICE_KINDS: dict[str, str] = {
    "ans_at_risk": "ANS en riesgo (a quien es responsable)",
    "ans_overdue": "ANS vencido (escalamiento)",
    "report_reminder": "Recordatorio del reporte mensual",
    "reports_missing": "Reportes faltantes al vencer el plazo",
    "early_warning": "Alerta temprana: proyección al cierre por debajo de «Satisfactorio»",
    "project": "Cambios de estado de proyectos",
    "report": "Reportes mensuales (envío, aprobación, devolución)",
    "comment": "Comentarios en la conversación de un proyecto o un reporte mensual",
    "budget": "Presupuesto",
    "reprogramming": "Reprogramación de metas",
    "action_plan": "Plan de acción",
    "accountability.request_assigned": "Solicitud de información asignada",
    "accountability.request_extended": "Prórroga de una solicitud de información",
    "accountability.request_answered": "Solicitud de información respondida",
    "accountability.commitment": "Compromisos con el Concejo",
    "accountability.report": "Informes de rendición de cuentas",
    "matrix_done": "Matriz generada",
    "job_failed": "Tareas en segundo plano que fallaron (importación del libro, matrices)",
}


def kind_label(kind: str) -> str:
    return NOTICE_KINDS.get(kind, kind.replace("_", " ").capitalize())


def notify(*, recipients: Iterable[User | None], kind: str, key: str, title: str, body: str = "", url: str = "") -> list[Notice]:
    created: list[Notice] = []
    seen: set[int] = set()
    for user in recipients:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        try:
            with transaction.atomic():
                notice = Notice.objects.create(
                    recipient=user, kind=kind, key=key[:200], title=title[:200], body=body, url=url
                )
        except IntegrityError:
            continue  # already sent under this key
        created.append(notice)
    if created:
        ids = [n.pk for n in created]
        transaction.on_commit(lambda: _queue_emails(ids))
    return created


def _queue_emails(notice_ids: list[int]) -> None:
    from .tasks import send_notice_emails

    try:
        send_notice_emails.delay(notice_ids)
    except Exception:  # broker down: the in-app notice exists; the sweep re-sends pending e-mails
        log.warning("Could not queue e-mail for notices %s; the next sweep will retry.", notice_ids)
