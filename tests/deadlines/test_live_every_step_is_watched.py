"""Live ANS: every registered step names the models whose changes move its clocks, so no step's
page waits for the daily sweep; the base imports no app to know them (each app declares them in
its deadlines.py)."""
from isvimed_planning.deadlines.registry import providers, watched


def test_every_registered_step_watches_at_least_one_model():
    steps_watched = {step for steps in watched().values() for step in steps}
    assert set(providers()) - steps_watched == set()


def test_the_watched_models_of_each_step():
    by_step: dict[str, set[str]] = {}
    for model, steps in watched().items():
        for step in steps:
            by_step.setdefault(step, set()).add(model.__name__)
    assert by_step == {
        "strategy": {"DevelopmentPlan", "StrategicPlatform"},
        "project": {"Project"},
        "budget": {"FiscalYear"},
        "action_plan": {"FiscalYear", "ActionPlan", "CycleSettings"},
        "action_plan_legal": {"FiscalYear", "ActionPlan", "CycleSettings"},
        "monitoring": {
            "ReportingPeriod", "ProgressReport", "MatrixSnapshot", "Project", "ProjectAllocation", "BudgetModification",
        },
        "accountability_report": {"AccountabilityReport"},
        "information_request": {"InformationRequest"},
        "council_commitment": {"CouncilCommitment", "CouncilSession"},
    }
