"""The weekly allowance moved to billing.Usage (billing 0004 copied it)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("interviews", "0005_plans_retakes_reports"),
        ("billing", "0004_metering"),
    ]

    operations = [
        migrations.DeleteModel(
            name="WeeklyAllowance",
        ),
    ]
