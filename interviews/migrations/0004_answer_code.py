from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("interviews", "0003_remove_answer_answer_evaluation_idx_and_more"),
    ]

    operations = [
        migrations.AddField(
            model_name="answer",
            name="code",
            field=models.TextField(blank=True, max_length=65536, verbose_name="code"),
        ),
        migrations.AddField(
            model_name="answer",
            name="code_language",
            field=models.CharField(blank=True, max_length=12, verbose_name="code language"),
        ),
        migrations.AddField(
            model_name="answer",
            name="code_result",
            field=models.JSONField(blank=True, default=dict),
        ),
    ]
