from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("questions", "0002_remove_question_question_created_idx_and_more"),
    ]

    operations = [
        migrations.AddField(
            model_name="question",
            name="coding",
            field=models.JSONField(blank=True, default=dict, verbose_name="coding spec"),
        ),
    ]
