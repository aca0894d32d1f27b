"""Fill the new columns of the global library: joint grades, friendlier features, equipment
needs, and the reviewed drafting pool's roles (programs/data/drafting_pool.csv), plus Spotter's
added exercises (programs/data/exercises_spotter.json)."""

from django.db import migrations


def load(apps, schema_editor):
    from programs.exercises import sync_library

    sync_library(apps.get_model("programs", "Exercise"))


class Migration(migrations.Migration):
    dependencies = [("programs", "0004_exercise_joint_loads_and_drafting_pool")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
