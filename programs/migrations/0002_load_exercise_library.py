"""Load the public-domain exercise library (free-exercise-db, programs/data/) as global exercises,
so `manage.py migrate` alone leaves the library ready."""

from django.db import migrations


def load(apps, schema_editor):
    from programs.exercises import sync_library

    sync_library(apps.get_model("programs", "Exercise"))


class Migration(migrations.Migration):
    dependencies = [("programs", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
