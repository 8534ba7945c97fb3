"""Admin permissions that follow the user's role.

Staff run the business in the admin: they get every permission on the
business apps and may view and edit users, without anyone maintaining
permission rows by hand. Admins (superusers) keep Django's all-access;
managing groups and permissions stays theirs.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import BaseBackend

STAFF_APPS = frozenset({"questions", "interviews", "coaching", "billing", "support", "analytics", "djstripe"})
STAFF_EXTRA_PERMISSIONS = frozenset({"accounts.view_user", "accounts.change_user"})


class StaffRoleBackend(BaseBackend):
    def _is_staff(self, user: Any) -> bool:
        return bool(getattr(user, "is_active", False) and getattr(user, "is_staff", False))

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        if not self._is_staff(user_obj):
            return False
        return perm in STAFF_EXTRA_PERMISSIONS or perm.split(".", 1)[0] in STAFF_APPS

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return self._is_staff(user_obj) and (app_label in STAFF_APPS or app_label == "accounts")
