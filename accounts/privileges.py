"""Who may do what to which account in the admin: the one table every user screen and bulk action asks.

Rows are the actor's role (anonymous, user, staff, admin); columns the target account as seen from the
actor (their own, an ordinary user's, another staff member's, an admin's); cells the capabilities
granted. Staff support ordinary users; only admins change roles, identities and passwords, or manage
staff. Nobody sets their own password without the old one (that is ``/admin/password_change/``), and
no admin can deactivate, demote or delete themselves, so the last admin cannot lock everyone out.

Data that is not an account is governed per admin section (an app): ``SECTIONS`` says which roles may
run it; everyone else is refused (anonymous and ordinary users are sent to the sign-in page).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext as _

from accounts.models import User


class Actor(StrEnum):
    ANONYMOUS = "anonymous"
    USER = User.Role.USER.value
    STAFF = User.Role.STAFF.value
    ADMIN = User.Role.ADMIN.value


class Target(StrEnum):
    SELF = "self"
    USER = "user"
    STAFF = "staff"
    ADMIN = "admin"


class Capability(StrEnum):
    VIEW = "view"  # the list, the change page (read-only without an edit capability), the history
    EDIT_PROFILE = "edit_profile"  # name, target role, level, skills, settings
    VERIFY = "verify"  # the email-verified flag
    DEACTIVATE = "deactivate"  # the active flag (deactivating also signs the account out)
    REVOKE_SESSIONS = "revoke_sessions"
    GRANT_PREMIUM = "grant_premium"  # and revoking a grant
    CHANGE_EMAIL = "change_email"  # the sign-in identity and the password-reset channel
    SET_PASSWORD = "set_password"  # the admin's set-password form, which asks for no old password
    CHANGE_ROLE = "change_role"  # role, superuser flag, groups, permissions
    CREATE = "create"  # a new account (only meaningful for Target.USER)
    DELETE = "delete"


_NOTHING: frozenset[Capability] = frozenset()
_EVERYTHING = frozenset(Capability)
_STAFF_ON_USERS = frozenset(
    {
        Capability.VIEW,
        Capability.EDIT_PROFILE,
        Capability.VERIFY,
        Capability.DEACTIVATE,
        Capability.REVOKE_SESSIONS,
        Capability.GRANT_PREMIUM,
    }
)

POLICY: Mapping[Actor, Mapping[Target, frozenset[Capability]]] = {
    Actor.ANONYMOUS: dict.fromkeys(Target, _NOTHING),
    Actor.USER: dict.fromkeys(Target, _NOTHING),
    Actor.STAFF: {
        Target.SELF: frozenset({Capability.VIEW, Capability.EDIT_PROFILE}),
        Target.USER: _STAFF_ON_USERS,
        Target.STAFF: frozenset({Capability.VIEW}),
        Target.ADMIN: frozenset({Capability.VIEW}),
    },
    Actor.ADMIN: {
        Target.SELF: _EVERYTHING
        - {Capability.SET_PASSWORD, Capability.DEACTIVATE, Capability.CHANGE_ROLE, Capability.DELETE},
        Target.USER: _EVERYTHING,
        Target.STAFF: _EVERYTHING,
        Target.ADMIN: _EVERYTHING,
    },
}

BUSINESS_ROLES = frozenset({Actor.STAFF, Actor.ADMIN})
ADMINS_ONLY = frozenset({Actor.ADMIN})

# Every app with pages in the admin, and who may run them. An app missing here has no policy: the
# generated admin sweep fails until it gets a row.
SECTIONS: Mapping[str, frozenset[Actor]] = {
    "accounts": BUSINESS_ROLES,  # and per account, the table above
    "questions": BUSINESS_ROLES,
    "interviews": BUSINESS_ROLES,
    "coaching": BUSINESS_ROLES,
    "billing": BUSINESS_ROLES,  # granting premium is also per account
    "djstripe": BUSINESS_ROLES,
    "support": BUSINESS_ROLES,
    "analytics": BUSINESS_ROLES,
    "auth": ADMINS_ONLY,  # groups and permissions: what roles mean
    "kernel": ADMINS_ONLY,  # operations: the task outbox
}

# What each editable field of the user change form needs; a field not listed here is read-only for all.
FIELD_CAPABILITIES: Mapping[str, Capability] = {
    "name": Capability.EDIT_PROFILE,
    "target_role": Capability.EDIT_PROFILE,
    "experience_level": Capability.EDIT_PROFILE,
    "skills": Capability.EDIT_PROFILE,
    "settings": Capability.EDIT_PROFILE,
    "is_email_verified": Capability.VERIFY,
    "is_active": Capability.DEACTIVATE,
    "email": Capability.CHANGE_EMAIL,
    "password": Capability.SET_PASSWORD,
    "role": Capability.CHANGE_ROLE,
    "is_superuser": Capability.CHANGE_ROLE,
    "groups": Capability.CHANGE_ROLE,
    "user_permissions": Capability.CHANGE_ROLE,
}

EDIT_CAPABILITIES = frozenset(FIELD_CAPABILITIES.values()) - {Capability.SET_PASSWORD}


def actor_of(user: Any) -> Actor:
    """The row of the table a request's user reads: an inactive or signed-out user is anonymous."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return Actor.ANONYMOUS
    return Actor(user.role)


def target_of(*, actor: Any, account: User) -> Target:
    if getattr(actor, "pk", None) == account.pk:
        return Target.SELF
    return Target(account.role)


def capabilities(*, actor: Any, account: User) -> frozenset[Capability]:
    return POLICY[actor_of(actor)][target_of(actor=actor, account=account)]


def may(*, actor: Any, capability: Capability, account: User) -> bool:
    return capability in capabilities(actor=actor, account=account)


def may_on_ordinary_users(*, actor: Any, capability: Capability) -> bool:
    """Whether ``actor``'s role may ``capability`` at all: creating accounts, offering bulk deletion."""
    return capability in POLICY[actor_of(actor)][Target.USER]


def may_run_business(*, actor: Any) -> bool:
    return actor_of(actor) in BUSINESS_ROLES


def may_run_section(*, actor: Any, app_label: str) -> bool:
    return actor_of(actor) in SECTIONS.get(app_label, frozenset())


def bulk_refusal(*, actor: Any, capability: Capability, accounts: Iterable[User]) -> str | None:
    """Why ``actor`` may not apply ``capability`` to this selection, naming the accounts that stop it, or
    None. A bulk action runs on the whole selection or on none of it."""
    forbidden = [account.email for account in accounts if not may(actor=actor, capability=capability, account=account)]
    if not forbidden:
        return None
    return _("Nothing was changed: your role may not do this to %(emails)s.") % {"emails": ", ".join(forbidden)}
