"""Staff screens for users: search, filters, and the same services the API uses."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin import actions as stock_actions
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from accounts import privileges
from accounts.admin_lists import CappedCountPaginator
from accounts.models import User
from accounts.privileges import Capability
from accounts.services import erasure, login, verification


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "name")


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Every permission question about one account goes to ``accounts.privileges``: what a role may do
    depends on whose account it is, which Django's model-wide permissions cannot say."""

    form = UserEditForm
    add_form = UserCreationForm
    list_display = ("email", "name", "role", "is_email_verified", "is_active", "date_joined", "last_login")
    list_filter = ("role", "is_email_verified", "is_active")
    search_fields = ("email", "name")
    ordering = ("-date_joined",)
    date_hierarchy = "date_joined"
    # Users grow with sign-ups: count a page's matches up to a cap, never the whole collection twice.
    paginator = CappedCountPaginator
    show_full_result_count = False
    readonly_fields = ("date_joined", "last_login", "updated_at")
    filter_horizontal = ("groups", "user_permissions")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Profile"), {"fields": ("name", "target_role", "experience_level", "skills", "settings")}),
        (
            _("Access"),
            {"fields": ("role", "is_active", "is_email_verified", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("date_joined", "last_login", "updated_at")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "name", "password1", "password2")}),)
    actions = ("verify_emails", "deactivate", "revoke_sessions", "delete_selected")
    # What each bulk action does to every selected account; the generated admin sweep requires an entry.
    action_capabilities = {
        "verify_emails": Capability.VERIFY,
        "deactivate": Capability.DEACTIVATE,
        "revoke_sessions": Capability.REVOKE_SESSIONS,
        "delete_selected": Capability.DELETE,
    }

    def has_view_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        if obj is None:
            return privileges.may_run_business(actor=request.user)
        return privileges.may(actor=request.user, capability=Capability.VIEW, account=obj)

    def has_change_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        if obj is None:  # the list and its actions; each action then asks per account
            return privileges.may_run_business(actor=request.user)
        return bool(privileges.capabilities(actor=request.user, account=obj) & privileges.EDIT_CAPABILITIES)

    def has_delete_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        if obj is None:
            return privileges.may_on_ordinary_users(actor=request.user, capability=Capability.DELETE)
        return privileges.may(actor=request.user, capability=Capability.DELETE, account=obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return privileges.may_on_ordinary_users(actor=request.user, capability=Capability.CREATE)

    def get_fieldsets(self, request: HttpRequest, obj: User | None = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or privileges.may(actor=request.user, capability=Capability.SET_PASSWORD, account=obj):
            return fieldsets
        # Without the right to set it, the password row (its hash and the "set password" link) is not shown.
        return [
            (name, {**options, "fields": tuple(f for f in options["fields"] if f != "password")})
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request: HttpRequest, obj: User | None = None) -> tuple[str, ...]:
        readonly = tuple(super().get_readonly_fields(request, obj))
        if obj is None:
            return readonly
        allowed = privileges.capabilities(actor=request.user, account=obj)
        return readonly + tuple(
            field
            for field, needs in privileges.FIELD_CAPABILITIES.items()
            if needs not in allowed and field != "password"
        )

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        """The set-password form asks for no old password, so it is for admins acting on other accounts;
        everyone changes their own password at ``/admin/password_change/``."""
        account = self.get_object(request, unquote(id))
        if account is not None and not privileges.may(
            actor=request.user, capability=Capability.SET_PASSWORD, account=account
        ):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def _refuse_forbidden(self, request: HttpRequest, accounts: list[User], action: str) -> bool:
        refusal = privileges.bulk_refusal(
            actor=request.user, capability=self.action_capabilities[action], accounts=accounts
        )
        if refusal:
            self.message_user(request, refusal, messages.ERROR)
        return refusal is not None

    @admin.action(description=_("Mark email as verified"))
    def verify_emails(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        accounts = list(queryset)
        if self._refuse_forbidden(request, accounts, "verify_emails"):
            return
        count = verification.users_mark_verified(user_ids=[account.pk for account in accounts])
        self.message_user(request, _("%(count)d user(s) verified.") % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Deactivate and sign out"))
    def deactivate(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        accounts = list(queryset)
        if self._refuse_forbidden(request, accounts, "deactivate"):
            return
        count = erasure.users_deactivate(user_ids=[account.pk for account in accounts])
        self.message_user(request, _("%(count)d user(s) deactivated.") % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Revoke all sessions (sign out everywhere)"))
    def revoke_sessions(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        accounts = list(queryset)
        if self._refuse_forbidden(request, accounts, "revoke_sessions"):
            return
        count = login.refresh_tokens_revoke_all(user_ids=[account.pk for account in accounts])
        self.message_user(request, _("%(count)d session(s) revoked.") % {"count": count}, messages.SUCCESS)

    @admin.action(permissions=["delete"], description=_("Delete selected %(verbose_name_plural)s"))
    def delete_selected(self, request: HttpRequest, queryset: QuerySet[User]) -> HttpResponse | None:
        if self._refuse_forbidden(request, list(queryset), "delete_selected"):
            return None
        return stock_actions.delete_selected(self, request, queryset)
