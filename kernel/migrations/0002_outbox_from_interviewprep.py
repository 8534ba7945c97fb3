"""The task outbox moved from the ``interviewprep`` app to ``kernel`` (issue 12). On a database that
held tasks under the old app, they are moved into the new collection so none is lost; a new
database has no old collection and nothing happens."""

from django.db import migrations

OLD_COLLECTION = "interviewprep_outboxtask"


def outbox_from_interviewprep(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "mongodb" or OLD_COLLECTION not in connection.database.list_collection_names():
        return
    OutboxTask = apps.get_model("kernel", "OutboxTask")
    old = connection.database[OLD_COLLECTION]
    documents = list(old.find())
    if documents:
        connection.get_collection(OutboxTask._meta.db_table).insert_many(documents)
    old.drop()


class Migration(migrations.Migration):
    dependencies = [("kernel", "0001_initial")]

    operations = [migrations.RunPython(outbox_from_interviewprep, migrations.RunPython.noop)]
