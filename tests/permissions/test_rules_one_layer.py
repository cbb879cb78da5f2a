"""Permissions live in one layer: each app's rules.py, built from the role predicates of
isvimed_planning/roles.py. Nowhere else defines a `can_*` function or asks the database for
"the users with role X"; and the permissions answer, object in hand, what the matrix expects.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser, Group
from django.test import override_settings

from isvimed_planning import roles
from isvimed_planning.access import fetch_for_user
from projects.selectors import visible_projects
from tests.permissions.builders import PERSONA_USERS, build_world
from tests.permissions.matrix import allowed

ROOT = Path(settings.BASE_DIR)
APP_PACKAGES = ("isvimed_planning", "strategy", "projects", "budget", "action_plan", "monitoring", "accountability",
                "tooling")
ROLES_MODULE = ROOT / "isvimed_planning" / "roles.py"
# A hand-written "users with role X": by group name, through the groups, or from the group's side.
GROUP_QUERY = re.compile(r"groups__name|groups__in|user_set\.(filter|all|exclude)")


def _modules():
    for package in APP_PACKAGES:
        yield from (p for p in (ROOT / package).rglob("*.py") if "migrations" not in p.parts)


def test_only_the_rules_modules_define_can_functions():
    offenders = []
    for path in _modules():
        if path.name == "rules.py" or path == ROLES_MODULE:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("can_"):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    assert offenders == []


def test_only_roles_asks_which_users_hold_a_role():
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in _modules() if path != ROLES_MODULE
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if GROUP_QUERY.search(line)
    ]
    assert offenders == []


def test_users_with_role_is_the_active_holders_of_any_of_the_roles(db):
    world = build_world()
    users = world.users
    users["lead2"].is_active = False
    users["lead2"].save()
    assert set(roles.users_with_role(roles.RESPONSABLE)) == {users["lead"]}
    users["planner"].groups.add(Group.objects.get(name=roles.DIRECCION))
    both = roles.users_with_role(roles.PLANEACION, roles.DIRECCION)
    assert set(both) == {users["planner"], users["director"]}
    assert both.count() == 2  # one row per user even when they hold both roles


# (permission, object in the world or None, matrix row that proves it, method of that row)
KEY_PERMISSIONS = [
    ("strategy.edit_plan", None, "strategy:line_create", "POST"),
    ("projects.create_project", None, "projects:create", "POST"),
    ("projects.edit_project", "project", "projects:edit_general", "POST"),
    ("projects.manage_meetings", None, "projects:meeting_create", "POST"),
    ("projects.comment_project", "project", "projects:comment_add", "POST"),
    ("budget.edit_budget", None, "budget:index", "POST"),
    ("budget.edit_unit_costs", None, "budget:unit_costs", "POST"),
    ("budget.decide_reprogramming", "reprogramming", "budget:reprogramming", "POST"),
    ("action_plan.edit_plans", None, "action_plan:build", "POST"),
    ("monitoring.edit_report", "report", "monitoring:report_edit", "POST"),
    ("monitoring.record_measurements", None, "monitoring:measurements", "POST"),
    ("monitoring.comment_report", "report", "monitoring:report_comment", "POST"),
    ("monitoring.read_matrices", None, "monitoring:matrices", "GET"),
    ("monitoring.generate_matrices", None, "monitoring:matrices", "POST"),
    ("accountability.manage", None, "accountability:request_create", "POST"),
    ("accountability.edit_report", "draft_report", "accountability:report_edit", "POST"),
    ("deadlines.configure", None, "deadlines:configuration", "GET"),
    ("workbook.read_workbook", None, "workbook:index", "GET"),
    ("workbook.import_workbook", None, "workbook:index", "POST"),
]


def test_key_permissions_answer_as_the_matrix_expects(db, tmp_path):
    with override_settings(MEDIA_ROOT=str(tmp_path)):
        world = build_world()
    wrong = []
    for perm, attr, url_name, method in KEY_PERMISSIONS:
        obj = getattr(world, attr) if attr else None
        for persona in PERSONA_USERS:
            user = world.users[persona]
            if roles.may(user, perm, obj) != allowed(url_name, persona, method):
                wrong.append((perm, persona))
        if roles.may(AnonymousUser(), perm, obj):
            wrong.append((perm, "anonymous"))
    assert wrong == []


def test_object_rules_follow_the_object(db, tmp_path):
    """The lead edits their own project in formulation, not another's, and not once it is closed."""
    with override_settings(MEDIA_ROOT=str(tmp_path)):
        world = build_world()
    lead, lead2, planner = world.users["lead"], world.users["lead2"], world.users["planner"]
    assert roles.may(lead, "projects.edit_project", world.project)
    assert not roles.may(lead2, "projects.edit_project", world.project)
    assert roles.may(lead2, "projects.edit_project", world.project_b)
    world.project.state = "closed"
    assert not roles.may(lead, "projects.edit_project", world.project)
    assert not roles.may(planner, "projects.edit_project", world.project)
    assert not roles.may(planner, "accountability.edit_report", world.approved_report)


def test_a_superuser_gets_no_more_than_their_roles(db):
    """Django's `user.has_perm` says yes to everything for a superuser; the rules do not."""
    from tests.conftest import make_user

    root = make_user("raiz", is_superuser=True)
    assert roles.may(root, "deadlines.configure")  # a superuser counts as the administrator
    assert not roles.may(root, "budget.edit_budget")
    assert not roles.may(root, "budget.decide_reprogramming")


@pytest.mark.parametrize("persona, can_edit", [("lead", True), ("planner", True), ("reader", False)])
def test_the_fetcher_returns_the_object_with_what_the_user_may_do(db, tmp_path, persona, can_edit):
    with override_settings(MEDIA_ROOT=str(tmp_path)):
        world = build_world()
    user = world.users[persona]
    fetched = fetch_for_user(visible_projects(user), user, perms=("projects.edit_project",), pk=world.project.pk)
    assert fetched.obj == world.project
    assert fetched.can == {"edit_project": can_edit}


def test_the_fetcher_answers_404_for_what_the_user_may_not_see(db, tmp_path):
    from django.http import Http404

    with override_settings(MEDIA_ROOT=str(tmp_path)):
        world = build_world()
    lead2 = world.users["lead2"]
    with pytest.raises(Http404):
        fetch_for_user(visible_projects(lead2), lead2, perms=("projects.edit_project",), pk=world.project.pk)
