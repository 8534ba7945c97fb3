"""Admin permissions that follow the user's role, read from ``accounts.privileges``.

Staff run the business in the admin: they get every permission in the sections the policy opens to them,
without anyone maintaining permission rows by hand; what they may do to one account is decided per object
by the user admin from the same policy. Admins (superusers) keep Django's all-access.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import BaseBackend

from accounts import privileges


class StaffRoleBackend(BaseBackend):
    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return privileges.may_run_section(actor=user_obj, app_label=perm.split(".", 1)[0])

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return privileges.may_run_section(actor=user_obj, app_label=app_label)
