"""Fill the new columns: for the global library, joint grades, friendlier features, equipment
needs and the reviewed drafting pool's roles (programs/data/drafting_pool.csv), plus Spotter's
added exercises (programs/data/exercises_spotter.json); for organizations' own exercises, the
grades, features and needs derived from their fields (they stay out of drafting until a coach
marks their roles)."""

from django.db import migrations


def load(apps, schema_editor):
    from programs.core.exercises import refresh_organization_exercises, sync_library

    exercise_model = apps.get_model("programs", "Exercise")
    # On the database being migrated (`migrate --database batch` runs as the batch role).
    alias = schema_editor.connection.alias
    sync_library(exercise_model, using=alias)
    refresh_organization_exercises(exercise_model, using=alias)


class Migration(migrations.Migration):
    dependencies = [("programs", "0005_exercise_joint_loads_and_drafting_pool")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
