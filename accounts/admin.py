"""Staff screens for users: search, filters, and the same services the API uses."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts import services
from accounts.models import User
from billing.plans import FREE, PREMIUM
from billing.selectors import user_ids_on_plan


class PlanFilter(admin.SimpleListFilter):
    title = _("plan")
    parameter_name = "plan"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [(FREE, _("Free")), (PREMIUM, _("Premium"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[User]) -> QuerySet[User]:
        if not self.value():
            return queryset
        premium_ids = user_ids_on_plan(plan_code=PREMIUM) or []
        if self.value() == PREMIUM:
            return queryset.filter(pk__in=premium_ids)
        return queryset.exclude(pk__in=premium_ids)


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
    form = UserEditForm
    add_form = UserCreationForm
    list_display = ("email", "name", "role", "is_email_verified", "is_active", "date_joined", "last_login")
    list_filter = ("role", "is_email_verified", "is_active", PlanFilter)
    search_fields = ("email", "name")
    ordering = ("-date_joined",)
    date_hierarchy = "date_joined"
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
    actions = ("verify_emails", "deactivate", "revoke_sessions")
    # Only admins may hand out roles and permissions; staff cannot promote anyone, themselves included.
    privilege_fields = ("role", "is_superuser", "groups", "user_permissions")

    def get_readonly_fields(self, request: HttpRequest, obj: User | None = None) -> tuple[str, ...]:
        readonly = tuple(super().get_readonly_fields(request, obj))
        return readonly if getattr(request.user, "is_superuser", False) else readonly + self.privilege_fields

    @admin.action(description=_("Mark email as verified"))
    def verify_emails(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        count = services.users_mark_verified(user_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, _("%(count)d user(s) verified.") % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Deactivate and sign out"))
    def deactivate(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        count = services.users_deactivate(user_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, _("%(count)d user(s) deactivated.") % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Revoke all sessions (sign out everywhere)"))
    def revoke_sessions(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        count = services.refresh_tokens_revoke_all(user_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, _("%(count)d session(s) revoked.") % {"count": count}, messages.SUCCESS)
