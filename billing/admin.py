"""Staff screens for plans, complimentary premium and usage, and the user list's plan filter."""

from __future__ import annotations

from typing import Any

from bson import ObjectId
from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import privileges
from accounts.admin import UserAdmin
from accounts.models import User
from accounts.selectors import user_get_by_email, users_by_ids
from billing import services
from billing.models import BillingAccount, Plan, PremiumGrant, Usage
from billing.plans import FREE, PREMIUM, WEEK
from billing.selectors.entitlements import plan_for
from billing.selectors.subscriptions import premium_user_ids
from billing.selectors.usage import counted_since


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "tier", "price", "currency", "interval", "weekly_interview_limit",
                    "weekly_second_chance_limit", "daily_chat_message_limit", "features", "stripe_price_id",
                    "is_active")  # fmt: skip
    list_filter = ("tier", "is_active", "interval")
    list_editable = ("weekly_interview_limit", "weekly_second_chance_limit", "daily_chat_message_limit",
                     "stripe_price_id", "is_active")  # fmt: skip

    def save_model(self, request: HttpRequest, obj: Plan, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        services.plan_changed(plan=obj)

    def delete_model(self, request: HttpRequest, obj: Plan) -> None:
        super().delete_model(request, obj)
        services.plan_changed(plan=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Plan]) -> None:
        plans = list(queryset)
        super().delete_queryset(request, queryset)
        for plan in plans:
            services.plan_changed(plan=plan)


class PremiumGrantForm(forms.ModelForm):
    actor: Any = None  # the signed-in staff member; set per request by PremiumGrantAdmin.get_form
    email = forms.EmailField(help_text=_("The account to give premium to."))
    days = forms.IntegerField(min_value=1, max_value=3660)

    class Meta:
        model = PremiumGrant
        fields = ("email", "days", "reason")

    def clean_email(self) -> Any:
        user = user_get_by_email(email=self.cleaned_data["email"])
        if user is None:
            raise forms.ValidationError(_("No user with this email."))
        if not privileges.may(actor=self.actor, capability=privileges.Capability.GRANT_PREMIUM, account=user):
            raise forms.ValidationError(_("Your role may not grant premium to this account."))
        self.user = user
        return user.email


@admin.register(PremiumGrant)
class PremiumGrantAdmin(admin.ModelAdmin):
    """Grants are created through the service and never edited: revoking stamps them."""

    list_display = ("email", "plan", "starts_at", "ends_at", "granted_by", "reason", "revoked_at", "revoked_by")
    list_filter = ("plan", ("revoked_at", admin.EmptyFieldListFilter))
    search_fields = ("email", "user_id", "granted_by")
    actions = ("revoke",)
    action_capabilities = {"revoke": privileges.Capability.GRANT_PREMIUM}  # on each grant's account

    def get_form(self, request: HttpRequest, obj: Any | None = None, change: bool = False, **kwargs: Any) -> Any:
        if obj is None:
            kwargs["form"] = PremiumGrantForm
            form = super().get_form(request, obj, change, **kwargs)
            return type(form.__name__, (form,), {"actor": request.user})  # the form of this request alone
        return super().get_form(request, obj, change, **kwargs)

    def get_readonly_fields(self, request: HttpRequest, obj: PremiumGrant | None = None) -> Any:
        if obj is None:
            return ()
        return [field.name for field in PremiumGrant._meta.fields]

    def save_model(self, request: HttpRequest, obj: PremiumGrant, form: Any, change: bool) -> None:
        granted = services.premium_grant(
            user=form.user, days=form.cleaned_data["days"], granted_by=str(request.user), reason=obj.reason
        )
        # The admin logs and redirects to ``obj``: make it the grant the service created.
        for field in PremiumGrant._meta.concrete_fields:
            setattr(obj, field.attname, getattr(granted, field.attname))

    def has_delete_permission(self, request: HttpRequest, obj: PremiumGrant | None = None) -> bool:
        return False

    @admin.action(description=_("Revoke selected grants"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[PremiumGrant]) -> None:
        accounts = users_by_ids(user_ids=list(queryset.values_list("user_id", flat=True)))
        refusal = privileges.bulk_refusal(
            actor=request.user, capability=self.action_capabilities["revoke"], accounts=accounts
        )
        if refusal:
            self.message_user(request, refusal, messages.ERROR)
            return
        count = services.premium_grants_revoke(grants=queryset, revoked_by=str(request.user))
        self.message_user(request, _("%(count)d grant(s) revoked.") % {"count": count}, messages.SUCCESS)


@admin.register(BillingAccount)
class BillingAccountAdmin(admin.ModelAdmin):
    list_display = ("email", "user_id", "created_at")
    search_fields = ("email", "user_id")
    readonly_fields = ("user_id", "email", "created_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Usage)
class UsageAdmin(admin.ModelAdmin):
    """What each user used of their plan's limits (MongoDB; billing.metering keeps it)."""

    list_display = ("user", "used_this_week", "weekly_limit", "second_chances_this_week", "chat_messages_today")
    search_fields = ("user__email",)
    list_select_related = ("user",)
    readonly_fields = ("user", "interview_starts", "second_chances", "chat_messages")

    @admin.display(description=_("used this week"))
    def used_this_week(self, usage: Usage) -> int:
        return len(counted_since(usage.interview_starts, since=timezone.now() - WEEK))

    @admin.display(description=_("weekly limit"))
    def weekly_limit(self, usage: Usage) -> int:
        return plan_for(user=usage.user).weekly_interview_limit

    @admin.display(description=_("second chances this week"))
    def second_chances_this_week(self, usage: Usage) -> int:
        return len(counted_since(usage.second_chances, since=timezone.now() - WEEK))

    @admin.display(description=_("chat messages today"))
    def chat_messages_today(self, usage: Usage) -> int:
        midnight = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
        return len(counted_since(usage.chat_messages, since=midnight))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


class PlanFilter(admin.SimpleListFilter):
    """The user list by plan, from who pays or holds a grant now."""

    title = _("plan")
    parameter_name = "plan"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [(FREE, _("Free")), (PREMIUM, _("Premium"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[User]) -> QuerySet[User]:
        if not self.value():
            return queryset
        premium_ids = [ObjectId(user_id) for user_id in premium_user_ids()]
        if self.value() == PREMIUM:
            return queryset.filter(pk__in=premium_ids)
        return queryset.exclude(pk__in=premium_ids)


class UserWithPlanAdmin(UserAdmin):
    """The accounts admin with a plan filter: plans belong to billing, which sits above accounts, so
    billing extends the user admin rather than accounts importing billing."""

    list_filter = (*UserAdmin.list_filter, PlanFilter)  # type: ignore[assignment]  # the base infers a tuple of str


admin.site.unregister(User)
admin.site.register(User, UserWithPlanAdmin)
