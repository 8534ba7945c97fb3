"""Admin privilege sweep, generated from the admin site's registry and URL patterns and checked against
``accounts.privileges`` (the one policy table), so a new admin page or action is covered without editing
this file, and one without a policy entry fails it.

* Accounts: for every role (anonymous, user, staff, admin) × every target (own account, an ordinary user,
  another staff member, an admin), every view the user admin exposes (change page, each editable field,
  set password, delete, history, add) and every bulk action: the status, and whether the account changed
  in the database, match the capabilities the table grants. Granting and revoking premium likewise.
* Every other model admin: each of its URL patterns (stock and custom) and actions, per role. Roles
  outside the section's row are refused (sign-in page, or 403 for staff); roles inside it get the page,
  and staff get exactly what an admin gets.
* The site's own views (dashboard and its JSON metrics, password change, ...) per role.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from itertools import count
from typing import Any, cast

import pytest
from django.contrib import admin
from django.contrib.admin.sites import AdminSite
from django.contrib.auth.models import Group
from django.db.models import Model
from django.test import Client
from django.urls import URLPattern, reverse

from accounts.admin import UserAdmin
from accounts.models import IssuedRefreshToken, User
from accounts.privileges import FIELD_CAPABILITIES, POLICY, SECTIONS, Actor, Capability, Target
from accounts.tokens import RefreshToken
from analytics.selectors import METRICS
from billing.models import PremiumGrant
from billing.services import plans_seed, premium_grant
from conftest import PASSWORD, make_user
from kernel.models import OutboxTask

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")
UNKNOWN_PK = "0123456789abcdef01234567"
_serial = count()


# --- The cast -------------------------------------------------------------------------------------------


def account(role: Actor | Target, **fields: Any) -> User:
    """A fresh account of ``role`` (each check gets its own, so one check's change cannot hide another's)."""
    email = f"{role}-{next(_serial)}@example.com"
    if role not in (Actor.ADMIN, Target.ADMIN):
        return make_user(email, role=str(role), name="Some One", **fields)
    boss = User.objects.create_superuser(email, PASSWORD, name="An Admin")
    User.objects.filter(pk=boss.pk).update(**fields)
    boss.refresh_from_db()
    return boss


def signed_in(role: Actor) -> tuple[Client, User | None]:
    client = Client()
    if role == Actor.ANONYMOUS:
        return client, None
    actor = account(role)
    client.force_login(actor)
    return client, actor


def cells() -> Iterator[tuple[Actor, Target]]:
    for role in Actor:
        for target in Target:
            if not (role == Actor.ANONYMOUS and target == Target.SELF):
                yield role, target


def target_account(target: Target, actor: User | None, **fields: Any) -> User:
    if target == Target.SELF:
        assert actor is not None
        User.objects.filter(pk=actor.pk).update(**fields)
        actor.refresh_from_db()
        return actor
    return account(target, **fields)


def refused(response: Any, role: Actor) -> bool:
    """How the admin says no: the sign-in page for those who may not enter it; for staff 403, or 404 for
    the index of a section they have no page in."""
    if role in (Actor.ANONYMOUS, Actor.USER):
        return response.status_code == 302 and response["Location"].startswith(LOGIN)
    return response.status_code in (403, 404)


def cell(role: Actor, target: Target) -> str:
    return f"{role} on {target}"


# --- The user admin: every view and field, per role × target ------------------------------------------

USER_ADMIN = cast(UserAdmin, admin.site._registry[User])


def change_url(user: User) -> str:
    return reverse("admin:accounts_user_change", args=[user.pk])


def change_form(user: User, **changes: Any) -> dict[str, Any]:
    """The change form as an admin would post it, with ``changes`` applied."""
    values: dict[str, Any] = {
        "email": user.email,
        "name": user.name,
        "target_role": user.target_role,
        "experience_level": user.experience_level,
        "skills": ",".join(user.skills),
        "settings": json.dumps(user.settings),
        "role": user.role,
        "is_active": user.is_active,
        "is_email_verified": user.is_email_verified,
        "is_superuser": user.is_superuser,
        **changes,
    }
    return {key: ("on" if value is True else value) for key, value in values.items() if value is not False}


@dataclass(frozen=True)
class FieldEdit:
    """One editable field of the change form: how to change it and how to see that it changed."""

    capability: Capability
    setup: dict[str, Any]
    change: Callable[[User], dict[str, Any]]
    changed: Callable[[User, User], bool]  # (before, after)


FIELD_EDITS = {
    "name": FieldEdit(
        Capability.EDIT_PROFILE, {}, lambda u: {"name": "Renamed"}, lambda before, after: after.name == "Renamed"
    ),
    "is_email_verified": FieldEdit(
        Capability.VERIFY,
        {"is_email_verified": False},
        lambda u: {"is_email_verified": True},
        lambda before, after: after.is_email_verified,
    ),
    "is_active": FieldEdit(
        Capability.DEACTIVATE, {}, lambda u: {"is_active": False}, lambda before, after: not after.is_active
    ),
    "email": FieldEdit(
        Capability.CHANGE_EMAIL,
        {},
        lambda u: {"email": f"taken-over-{u.pk}@example.com"},
        lambda before, after: after.email != before.email,
    ),
    "role": FieldEdit(
        Capability.CHANGE_ROLE,
        {},
        lambda u: {"role": "staff" if u.role == "user" else "user", "is_superuser": False},
        lambda before, after: after.role != before.role,
    ),
}


def test_the_policy_covers_every_role_target_and_editable_field():
    assert set(POLICY) == set(Actor) and all(set(row) == set(Target) for row in POLICY.values())
    editable = set(FIELD_EDITS)
    profile = {"target_role", "experience_level", "skills", "settings"}  # edited together with name
    changed_with_role = {"is_superuser", "groups", "user_permissions"}
    untested = set(FIELD_CAPABILITIES) - editable - profile - changed_with_role - {"password"}
    assert not untested, f"fields with a capability but no edit in this sweep: {untested}"


@pytest.mark.parametrize("field", sorted(FIELD_EDITS))
def test_each_field_of_the_change_form_follows_the_policy(field: str):
    edit = FIELD_EDITS[field]
    failures = []
    for role, target in cells():
        client, actor = signed_in(role)
        victim = target_account(target, actor, **edit.setup)
        allowed = edit.capability in POLICY[role][target]

        response = client.post(change_url(victim), change_form(victim, **edit.change(victim)))

        changed = edit.changed(victim, User.objects.get(pk=victim.pk))
        if changed != allowed:
            failures.append(f"{cell(role, target)}: {field} changed={changed}, policy allows={allowed}")
        may_edit = any(other.capability in POLICY[role][target] for other in FIELD_EDITS.values())
        if not may_edit and not refused(response, role):
            failures.append(f"{cell(role, target)}: POST answered {response.status_code}, expected a refusal")
        if allowed and response.status_code != 302:
            failures.append(f"{cell(role, target)}: allowed POST answered {response.status_code}")
    assert not failures, "\n".join(failures)


def test_change_page_shows_each_account_only_to_whom_the_policy_lets_see_it():
    failures = []
    for role, target in cells():
        client, actor = signed_in(role)
        victim = target_account(target, actor)
        for name in ("change", "history"):
            response = client.get(reverse(f"admin:accounts_user_{name}", args=[victim.pk]))
            if Capability.VIEW in POLICY[role][target]:
                if response.status_code != 200:
                    failures.append(f"{cell(role, target)}: {name} page {response.status_code}")
            elif not refused(response, role):
                failures.append(f"{cell(role, target)}: {name} page {response.status_code}, expected a refusal")
        if role in (Actor.STAFF, Actor.ADMIN):
            page = client.get(change_url(victim)).content.decode()
            shows_password_link = "../password/" in page
            if shows_password_link != (Capability.SET_PASSWORD in POLICY[role][target]):
                failures.append(f"{cell(role, target)}: set-password link shown={shows_password_link}")
    assert not failures, "\n".join(failures)


def test_set_password_form_follows_the_policy():
    """The takeover: staff used the set-password form (no old password asked) on a superuser."""
    failures = []
    for role, target in cells():
        client, actor = signed_in(role)
        victim = target_account(target, actor)
        url = reverse("admin:auth_user_password_change", args=[victim.pk])
        allowed = Capability.SET_PASSWORD in POLICY[role][target]

        page = client.get(url)
        response = client.post(url, {"password1": "a-new-pass-phrase-42", "password2": "a-new-pass-phrase-42"})

        changed = User.objects.get(pk=victim.pk).check_password("a-new-pass-phrase-42")
        if changed != allowed:
            failures.append(f"{cell(role, target)}: password changed={changed}, policy allows={allowed}")
        if not allowed and not (refused(page, role) and refused(response, role)):
            failures.append(f"{cell(role, target)}: answered {page.status_code}/{response.status_code}")
    assert not failures, "\n".join(failures)


def test_delete_follows_the_policy():
    failures = []
    for role, target in cells():
        client, actor = signed_in(role)
        victim = target_account(target, actor)
        url = reverse("admin:accounts_user_delete", args=[victim.pk])
        allowed = Capability.DELETE in POLICY[role][target]

        page = client.get(url)
        client.post(url, {"post": "yes"})

        deleted = not User.objects.filter(pk=victim.pk).exists()
        if deleted != allowed:
            failures.append(f"{cell(role, target)}: deleted={deleted}, policy allows={allowed}")
        if not allowed and not refused(page, role):
            failures.append(f"{cell(role, target)}: delete page answered {page.status_code}")
    assert not failures, "\n".join(failures)


def test_creating_accounts_follows_the_policy():
    failures = []
    for role in Actor:
        client, _actor = signed_in(role)
        email = f"created-by-{role}@example.com"
        allowed = Capability.CREATE in POLICY[role][Target.USER]
        url = reverse("admin:accounts_user_add")

        page = client.get(url)
        client.post(url, {"email": email, "name": "New", "password1": PASSWORD, "password2": PASSWORD})

        created = User.objects.filter(email=email).exists()
        if created != allowed or (not allowed and not refused(page, role)):
            failures.append(f"{role}: created={created}, page {page.status_code}, policy allows={allowed}")
    assert not failures, "\n".join(failures)


# What each user-admin action does to an account, to see whether it did it.
ACTION_EFFECTS: dict[str, tuple[dict[str, Any], Callable[[User], bool]]] = {
    "verify_emails": ({"is_email_verified": False}, lambda u: User.objects.get(pk=u.pk).is_email_verified),
    "deactivate": ({}, lambda u: not User.objects.get(pk=u.pk).is_active),
    "revoke_sessions": (
        {},
        lambda u: not IssuedRefreshToken.objects.filter(user_id=u.pk, revoked_at__isnull=True).exists(),
    ),
    "delete_selected": ({}, lambda u: not User.objects.filter(pk=u.pk).exists()),
}


def admin_actions(model_admin: admin.ModelAdmin) -> list[str]:
    """The actions an admin (who may do everything) is offered on this model."""
    request = type("Request", (), {"user": User(role=User.Role.ADMIN, is_superuser=True), "GET": {}, "POST": {}})()
    return sorted(model_admin.get_actions(request))


def test_every_account_action_has_a_policy_entry():
    for model_admin in admin.site._registry.values():
        capabilities = getattr(model_admin, "action_capabilities", None)
        if capabilities is not None:
            missing = set(admin_actions(model_admin)) - set(capabilities)
            assert not missing, f"{type(model_admin).__name__}: actions without a policy entry: {missing}"
    assert set(ACTION_EFFECTS) == set(USER_ADMIN.action_capabilities), "an action this sweep cannot observe"


@pytest.mark.parametrize("action", sorted(USER_ADMIN.action_capabilities))
def test_each_user_action_follows_the_policy(action: str):
    setup, done = ACTION_EFFECTS[action]
    failures = []
    for role, target in cells():
        client, actor = signed_in(role)
        victim = target_account(target, actor, **setup)
        RefreshToken.for_user(victim)
        allowed = USER_ADMIN.action_capabilities[action] in POLICY[role][target]

        response = client.post(
            reverse("admin:accounts_user_changelist"),
            {"action": action, "_selected_action": [str(victim.pk)], "post": "yes"},
        )

        if done(victim) != allowed:
            failures.append(f"{cell(role, target)}: {action} took effect={done(victim)}, policy allows={allowed}")
        if role in (Actor.ANONYMOUS, Actor.USER) and not refused(response, role):
            failures.append(f"{cell(role, target)}: {action} answered {response.status_code}")
    assert not failures, "\n".join(failures)


def test_a_bulk_action_on_a_selection_with_an_admin_changes_nothing_and_says_why():
    client, _staff = signed_in(Actor.STAFF)
    ordinary, boss = account(Target.USER), account(Target.ADMIN)

    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "deactivate", "_selected_action": [str(ordinary.pk), str(boss.pk)]},
        follow=True,
    )

    assert User.objects.get(pk=ordinary.pk).is_active and User.objects.get(pk=boss.pk).is_active
    messages = [str(message) for message in response.context["messages"]]
    assert any("Nothing was changed" in message and boss.email in message for message in messages), messages


# --- Premium grants are per account too ----------------------------------------------------------------


def test_granting_and_revoking_premium_follow_the_policy():
    plans_seed()
    failures = []
    for role, target in cells():
        client, actor = signed_in(role)
        victim = target_account(target, actor)
        allowed = Capability.GRANT_PREMIUM in POLICY[role][target]

        client.post(reverse("admin:billing_premiumgrant_add"), {"email": victim.email, "days": 30, "reason": "x"})
        granted = PremiumGrant.objects.filter(user_id=str(victim.pk)).exists()

        grant = premium_grant(user=victim, days=30, granted_by="sweep")
        client.post(
            reverse("admin:billing_premiumgrant_changelist"), {"action": "revoke", "_selected_action": [grant.pk]}
        )
        revoked = PremiumGrant.objects.get(pk=grant.pk).revoked_at is not None

        if granted != allowed or revoked != allowed:
            failures.append(f"{cell(role, target)}: granted={granted} revoked={revoked}, policy allows={allowed}")
    assert not failures, "\n".join(failures)


# --- Own password: only with the old one ---------------------------------------------------------------


@pytest.mark.parametrize("role", [Actor.STAFF, Actor.ADMIN])
def test_own_password_changes_only_with_the_old_one(role: Actor):
    client, actor = signed_in(role)
    assert actor is not None
    url = reverse("admin:password_change")

    wrong = client.post(
        url, {"old_password": "not-it", "new_password1": "n3w-pass-phrase!", "new_password2": "n3w-pass-phrase!"}
    )
    assert wrong.status_code == 200 and not User.objects.get(pk=actor.pk).check_password("n3w-pass-phrase!")

    right = client.post(
        url, {"old_password": PASSWORD, "new_password1": "n3w-pass-phrase!", "new_password2": "n3w-pass-phrase!"}
    )
    assert right.status_code == 302 and User.objects.get(pk=actor.pk).check_password("n3w-pass-phrase!")


def test_staff_cannot_take_over_a_superuser():
    """The reported attack, end to end: set the superuser's password from the admin, then sign in as them."""
    boss = account(Target.ADMIN)
    client, _staff = signed_in(Actor.STAFF)

    set_password = client.post(
        reverse("admin:auth_user_password_change", args=[boss.pk]),
        {"password1": "owned-by-staff-123", "password2": "owned-by-staff-123"},
    )
    change_email = client.post(change_url(boss), change_form(boss, email="staff-mailbox@example.com"))

    assert set_password.status_code == 403 and change_email.status_code == 403
    login = Client().post("/api/v1/auth/login/", {"email": boss.email, "password": "owned-by-staff-123"},
                          content_type="application/json")  # fmt: skip
    assert login.status_code == 401
    assert User.objects.get(pk=boss.pk).email == boss.email


# --- Every other model admin and the site's own views, per role -----------------------------------------


def first_pk(model: type[Model]) -> str | None:
    pk = model._default_manager.values_list("pk", flat=True).first()
    return None if pk is None else str(pk)


def model_urls(model_admin: admin.ModelAdmin, object_id: str) -> Iterator[tuple[str, str]]:
    """(name, url) for every named URL pattern the model admin exposes, stock and custom; a path parameter
    is the object's id unless it names the model (dj-stripe's confirm-action page)."""
    known = {"model_name": model_admin.model._meta.model_name, "action_name": "_resync_instances"}
    for pattern in model_admin.get_urls():
        if not isinstance(pattern, URLPattern) or not pattern.name:
            continue
        values = {param: known.get(param, object_id) for param in getattr(pattern.pattern, "converters", {})}
        prefix = f"/admin/{model_admin.model._meta.app_label}/{model_admin.model._meta.model_name}/"
        yield pattern.name, prefix + re.sub(r"<(?:\w+:)?(\w+)>", partial(_param, values), str(pattern.pattern))


def _param(values: dict[str, str], match: re.Match[str]) -> str:
    return values[match[1]]


@pytest.fixture
def rows(user: User, bank: list[Any], auth_client: Any) -> None:
    """At least one row in the models that staff work with, so object pages are swept on real objects."""
    from tests.interviews.conftest import GOOD_ANSWER, start

    plans_seed()
    premium_grant(user=user, days=30, granted_by="sweep")
    interview = start(auth_client, question_count=1).json()
    auth_client.post(
        f"/api/v1/interviews/{interview['id']}/answers/",
        {"question_id": interview["questions"][0]["id"], "text": GOOD_ANSWER},
        format="json",
    )
    auth_client.post("/api/v1/support/tickets/", {"subject": "Help", "message": "Please"}, format="json")
    auth_client.post("/api/v1/roadmap/generate/", {"weeks": 2}, format="json")
    Group.objects.create(name="Reviewers")
    OutboxTask.objects.create(task="interviews.tasks.evaluate_answer_task", kwargs={"answer_id": UNKNOWN_PK})


def test_every_admin_section_has_a_policy_row():
    apps = {model._meta.app_label for model in admin.site._registry}
    assert apps <= set(SECTIONS), f"admin sections without a policy row: {apps - set(SECTIONS)}"


def test_every_model_admin_page_and_action_follows_its_section(rows: None):
    clients = {role: signed_in(role)[0] for role in Actor}
    failures = []
    for model, model_admin in admin.site._registry.items():
        app = model._meta.app_label
        object_id = first_pk(model)
        for name, url in model_urls(model_admin, object_id or UNKNOWN_PK):
            if model is User and name != "accounts_user_changelist":
                continue  # per account, swept above
            roles = (
                (Actor.ANONYMOUS, Actor.USER) if name in REFUSAL_ONLY else (Actor.ANONYMOUS, Actor.USER, Actor.STAFF)
            )
            failures += section_failures(f"GET {url}", partial(get_as, clients, url), roles, SECTIONS[app])
        for action in admin_actions(model_admin):
            if getattr(model_admin, "action_capabilities", None) or object_id is None:
                continue  # per account, swept above; with no row to select, Django runs no action
            changelist = reverse(f"admin:{app}_{model._meta.model_name}_changelist")
            body = {"action": action, "_selected_action": [object_id]}
            answers = {role: clients[role].post(changelist, body) for role in (Actor.ANONYMOUS, Actor.USER)}
            failures += [f"action {app}.{action} as {role}: {answers[role].status_code}" for role in answers
                         if not refused(answers[role], role)]  # fmt: skip
            staff = clients[Actor.STAFF].post(changelist, body)
            if Actor.STAFF in SECTIONS[app] and (staff.status_code >= 400):
                failures.append(f"action {app}.{action} as staff: {staff.status_code}")
            if Actor.STAFF not in SECTIONS[app] and not refused(staff, Actor.STAFF):
                failures.append(f"action {app}.{action} as staff: {staff.status_code}, expected 403")
    assert not failures, "\n".join(failures)


def get_as(clients: dict[Actor, Client], url: str, role: Actor) -> Any:
    return clients[role].get(url)


def section_failures(
    what: str, get: Callable[[Actor], Any], roles: Iterable[Actor], allowed: frozenset[Actor]
) -> list[str]:
    """Roles outside ``allowed`` are refused; inside it nothing fails, and where staff are turned away an
    admin is too (the page refuses everyone, e.g. adding rows Django does not let anyone add)."""
    failures = []
    for role in roles:
        response = get(role)
        if response.status_code >= 500:
            failures.append(f"{what} as {role}: {response.status_code}")
        elif role not in allowed:
            if not refused(response, role):
                failures.append(f"{what} as {role}: {response.status_code}, expected a refusal")
        elif role == Actor.STAFF and refused(response, role):
            as_admin = get(Actor.ADMIN).status_code
            if as_admin != response.status_code:
                failures.append(f"{what} as staff: {response.status_code}, an admin gets {as_admin}")
    return failures


# Pages swept for refusals only, and why.
REFUSAL_ONLY = {
    "djstripe_custom_action": (
        "dj-stripe's confirm page renders only when its own re-sync action posts to it; "
        "a bare request fails inside dj-stripe for every role"
    ),
}


# The site's own pages and who may open them; a new one must be added here, or the sweep fails.
SITE_STAFF = frozenset({Actor.STAFF, Actor.ADMIN})
SITE_VIEWS: dict[str, list[tuple[dict[str, str], frozenset[Actor]]]] = {
    "index": [({}, SITE_STAFF)],
    "analytics_dashboard": [({}, SECTIONS["analytics"])],
    "analytics_metric": [({"metric": name}, SECTIONS["analytics"]) for name in METRICS],
    "password_change": [({}, SITE_STAFF)],
    "password_change_done": [({}, SITE_STAFF)],
    "app_list": [({"app_label": app}, roles) for app, roles in SECTIONS.items()],
    "jsi18n": [({}, SITE_STAFF)],
    "autocomplete": [({}, SITE_STAFF)],
    "view_on_site": [({"content_type_id": UNKNOWN_PK, "object_id": UNKNOWN_PK}, SITE_STAFF)],
    "login": [({}, frozenset(Actor))],
    "logout": [({}, frozenset(Actor))],
}


def site_view_names(site: AdminSite) -> set[str]:
    return {pattern.name for pattern in site.get_urls() if isinstance(pattern, URLPattern) and pattern.name}


def test_every_site_view_has_a_policy_entry():
    missing = site_view_names(admin.site) - set(SITE_VIEWS)
    assert not missing, f"admin site views without a policy entry: {missing}"


def test_site_views_are_open_only_to_their_roles():
    """Everyone outside a view's roles is refused; inside them, staff get what an admin gets (the
    dashboard and each of its JSON metrics among them)."""
    clients = {role: signed_in(role)[0] for role in Actor}
    failures = []
    for name, variants in SITE_VIEWS.items():
        for kwargs, allowed in variants:
            url = reverse(f"admin:{name}", kwargs=kwargs)
            failures += section_failures(f"GET {url}", partial(get_as, clients, url), Actor, allowed)
    for name in ("index", "analytics_dashboard", "password_change", "app_list"):
        response = clients[Actor.STAFF].get(reverse(f"admin:{name}", kwargs=SITE_VIEWS[name][0][0]))
        assert response.status_code == 200, f"{name} as staff: {response.status_code}"
    assert not failures, "\n".join(failures)
