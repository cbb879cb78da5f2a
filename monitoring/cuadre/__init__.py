"""The cuadre: consistency rules over the plan, the projects, the budget, the action plan and the
monthly reports, run before a cutoff so that the office finds what the Alcaldía would question.

- base: Severity, Actor, Rule, Finding, Context;
- rules: the table of rules (data) and BY_CODE;
- checks_execution, checks_planning: the checks;
- compute: run_rules and the data version a run is cached under.
Use cases (request, run, justify) are in monitoring.cuadre_services, reads in
monitoring.cuadre_selectors.
"""
