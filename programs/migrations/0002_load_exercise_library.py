"""Load the public-domain exercise library (free-exercise-db, programs/data/) as global exercises,
so `manage.py migrate` alone leaves the library ready."""

from django.db import migrations


def load(apps, schema_editor):
    from programs.core.exercises import sync_library

    # On the database being migrated (`migrate --database batch` runs as the batch role).
    sync_library(apps.get_model("programs", "Exercise"), using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("programs", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
