"""The cuadre's rules, declared as data: code, severity, title, who acts and the check that finds
the objects breaking it. Checks live in checks_execution (what the monthly reports say against the
money) and checks_planning (the plan, the projects' formulation and the action plan against each
other). Adding a rule is adding a line here and its check there; pages, counts, exports, notices
and the justification rules all follow from this table."""
from __future__ import annotations

from . import checks_execution as execution, checks_planning as planning
from .base import Actor, Rule, Severity

RULES: tuple[Rule, ...] = (
    # --- Monthly reports against money and territory --------------------------------------------
    Rule("CU01", Severity.ALERT, "Avance físico sin compromisos", Actor.LEAD, execution.progress_without_money,
         "Meses con avance físico reportado y sin recursos comprometidos en el reporte."),
    Rule("CU02", Severity.ALERT, "Compromisos sin avance ni dificultad", Actor.LEAD, execution.money_without_progress,
         "Meses con recursos comprometidos, sin avance físico y sin dificultades escritas en el reporte."),
    Rule("CU03", Severity.ERROR, "Presupuesto participativo fuera de su territorio", Actor.LEAD,
         execution.participatory_outside_territory,
         "Inversión de un proyecto de presupuesto participativo reportada en una comuna o corregimiento "
         "que no es el suyo."),
    Rule("CU04", Severity.ERROR, "Presupuesto definitivo menor que lo comprometido", Actor.FINANCE,
         execution.definitive_below_committed,
         "Por fuente: el presupuesto definitivo, después de las modificaciones, no alcanza lo ya comprometido."),
    Rule("CU05", Severity.ERROR, "Reporte mensual faltante", Actor.LEAD, execution.missing_reports,
         "Meses hasta el corte que el proyecto debía reportar y de los que no hay reporte enviado."),
    # --- Plan, formulation and action plan against each other -----------------------------------
    Rule("CU06", Severity.ALERT, "Meta × costo unitario distinto de lo asignado", Actor.LEAD,
         planning.unit_cost_mismatch,
         "La meta física del producto por su costo unitario no coincide con los recursos asignados, "
         "más allá de la tolerancia."),
    Rule("CU07", Severity.ERROR, "Producto con meta y sin costo unitario", Actor.LEAD, planning.goal_without_unit_cost,
         "El producto tiene meta física en la vigencia y no tiene costo unitario."),
    Rule("CU08", Severity.ALERT, "Indicador con meta sin producto que lo alimente", Actor.PLANNING,
         planning.indicator_without_product,
         "Indicador de producto del plan con meta en la vigencia que ningún producto de un proyecto en ejecución "
         "alimenta."),
    Rule("CU09", Severity.ERROR, "Metas anuales que no cuadran con la del cuatrienio", Actor.PLANNING,
         planning.annual_targets_mismatch,
         "Acumulativo: la suma de las metas anuales debe ser la meta del cuatrienio; no acumulativo: la "
         "meta del último año debe serlo."),
    Rule("CU10", Severity.ERROR, "Ponderaciones que no suman 100", Actor.PLANNING, planning.weights_not_100,
         "Las ponderaciones de los indicadores de un programa deben sumar 100."),
    Rule("CU11", Severity.ALERT, "Programación financiera distinta del presupuesto definitivo", Actor.PLANNING,
         planning.financial_programming_mismatch,
         "La programación mensual de recursos del plan de acción no suma el presupuesto definitivo del proyecto."),
    Rule("CU12", Severity.ALERT, "Programación física distinta de la meta vigente", Actor.PLANNING,
         planning.physical_programming_mismatch,
         "La programación mensual física del plan de acción no alcanza la meta vigente del producto (la suma de "
         "los meses o, si el indicador no es acumulativo, el nivel del último mes programado)."),
    Rule("CU13", Severity.ALERT, "Producto sin código MGA", Actor.LEAD, planning.product_without_mga_code,
         "El programa tiene código de programa presupuestal y el producto no tiene código de producto MGA."),
    Rule("CU14", Severity.ALERT, "Código MGA del indicador distinto del de sus productos", Actor.PLANNING,
         planning.indicator_mga_mismatch,
         "El código de indicador MGA del indicador del plan no es el de los productos que lo alimentan."),
)

BY_CODE = {rule.code: rule for rule in RULES}
