"""Who may do what in the admin: staff by role, everyone else by Django's permission rows.

``StaffRoleBackend``: staff get every permission in the sections ``accounts.privileges`` opens to their
role, without anyone maintaining permission rows by hand. What they may do to one account is decided per
object by the user admin from the same policy. Admins (superusers) keep Django's all-access.

``PermissionRowsBackend`` is Django's ``ModelBackend`` (sign-in, permission rows granted to a user or a
group) with its two permission reads rewritten for MongoDB. Django asks it first on every admin page
(once per request, then cached on the user), and its own reads join every permission to every group's
grants before keeping the user's: a ``$lookup`` over the whole permission table, most of a staff page's
time. Here the user's grant rows and group memberships are read by the user's id (indexed) and only the
permissions they name are loaded; a user with no grants costs two small reads.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import BaseBackend, ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db.models import QuerySet

from accounts import privileges
from accounts.models import User


class StaffRoleBackend(BaseBackend):
    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return privileges.may_run_section(actor=user_obj, app_label=perm.split(".", 1)[0])

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return privileges.may_run_section(actor=user_obj, app_label=app_label)


class PermissionRowsBackend(ModelBackend):
    def _get_user_permissions(self, user_obj: User) -> QuerySet[Permission]:
        granted = User.user_permissions.through.objects.filter(user_id=user_obj.pk)
        return Permission.objects.filter(pk__in=list(granted.values_list("permission_id", flat=True)))

    def _get_group_permissions(self, user_obj: User) -> QuerySet[Permission]:
        groups = list(User.groups.through.objects.filter(user_id=user_obj.pk).values_list("group_id", flat=True))
        granted = Group.permissions.through.objects.filter(group_id__in=groups).values_list("permission_id", flat=True)
        return Permission.objects.filter(pk__in=list(granted) if groups else [])
