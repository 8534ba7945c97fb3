"""Metering moves into billing: the daily chat limit becomes a plan column, a plan's features are
only its data, and the weekly allowance (interviews.WeeklyAllowance) becomes billing.Usage in MongoDB."""

import django.core.validators
import django.db.models.deletion
import django_mongodb_backend.fields
from django.conf import settings
from django.db import migrations, models

import billing.models

# What the removed tier table gave every premium plan on top of its features column.
PREMIUM_TIER_FEATURES = ["chat_coach", "question_generation", "resume_analysis", "roadmap"]


def plans_keep_what_they_allowed(apps, schema_editor):
    """Existing plans keep their effective limits and features: the chat limit came from settings,
    and premium plans had every feature whatever their column said."""
    Plan = apps.get_model("billing", "Plan")
    alias = schema_editor.connection.alias
    Plan.objects.using(alias).update(daily_chat_message_limit=settings.COACH_DAILY_MESSAGES)
    for plan in Plan.objects.using(alias).filter(tier="premium"):
        plan.features = sorted({*plan.features, *PREMIUM_TIER_FEATURES})
        plan.save(update_fields=["features"])


def allowances_to_usage(apps, schema_editor):
    WeeklyAllowance = apps.get_model("interviews", "WeeklyAllowance")
    Usage = apps.get_model("billing", "Usage")
    alias = schema_editor.connection.alias
    Usage.objects.using(alias).bulk_create(
        (
            Usage(user_id=allowance.user_id, interview_starts=allowance.starts, second_chances=allowance.second_chances)
            for allowance in WeeklyAllowance.objects.using(alias).iterator()
        ),
        batch_size=1000,
    )


def usage_to_allowances(apps, schema_editor):
    WeeklyAllowance = apps.get_model("interviews", "WeeklyAllowance")
    Usage = apps.get_model("billing", "Usage")
    alias = schema_editor.connection.alias
    WeeklyAllowance.objects.using(alias).bulk_create(
        (
            WeeklyAllowance(user_id=usage.user_id, starts=usage.interview_starts, second_chances=usage.second_chances)
            for usage in Usage.objects.using(alias).iterator()
        ),
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("billing", "0003_plan_weekly_second_chance_limit"),
        ("interviews", "0005_plans_retakes_reports"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="plan",
            name="daily_chat_message_limit",
            field=models.PositiveIntegerField(
                default=50,
                help_text="Chat coach messages per UTC day.",
                validators=[django.core.validators.MinValueValidator(0)],
            ),
        ),
        migrations.RunPython(plans_keep_what_they_allowed, migrations.RunPython.noop, hints={"model_name": "plan"}),
        migrations.AlterField(
            model_name="plan",
            name="features",
            field=models.JSONField(blank=True, default=list, validators=[billing.models.features_validate]),
        ),
        migrations.CreateModel(
            name="Usage",
            fields=[
                ("id", django_mongodb_backend.fields.ObjectIdAutoField(primary_key=True, serialize=False)),
                (
                    "interview_starts",
                    django_mongodb_backend.fields.ArrayField(base_field=models.DateTimeField(), blank=True, default=list),
                ),
                (
                    "second_chances",
                    django_mongodb_backend.fields.ArrayField(base_field=models.DateTimeField(), blank=True, default=list),
                ),
                (
                    "chat_messages",
                    django_mongodb_backend.fields.ArrayField(base_field=models.DateTimeField(), blank=True, default=list),
                ),
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="usage",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={"verbose_name": "usage", "verbose_name_plural": "usage"},
        ),
        migrations.RunPython(allowances_to_usage, usage_to_allowances, hints={"model_name": "usage"}),
    ]
