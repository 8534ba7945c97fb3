from django.utils.translation import gettext_lazy as _

from kernel.errors import ApplicationError, ServiceUnavailable, TooManyRequests


class PlanRequired(ApplicationError):
    status_code = 403
    code = "plan_required"
    default_message = _("Your plan does not include this feature. Upgrade to use it.")


class QuotaExceeded(TooManyRequests):
    code = "quota_exceeded"
    default_message = _("You have used this week's interview allowance.")


class BillingNotConfigured(ServiceUnavailable):
    code = "billing_not_configured"
    default_message = _("Payments are not configured on this server; everything else works on the free plan.")


class DailyLimitReached(TooManyRequests):
    code = "daily_limit_reached"
    default_message = _("You have used today's coach messages.")
