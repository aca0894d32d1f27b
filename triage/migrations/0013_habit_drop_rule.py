"""Existing organizations get the escalation rule for a week of habits let go (the nightly score
reads habit completion now), so owners see it and can grade it like the others.

The values are written out here, not read from ``triage.core.defaults``, so this migration does the
same thing whenever it runs."""

from django.db import migrations

ADDED = {
    "habit_drop": (
        "yellow",
        24.0,
        "plan_change_24h",
        "Daily habits let go for a week, against the client's usual",
    ),
}


def forwards(apps, schema_editor):
    alias = schema_editor.connection.alias
    Organization = apps.get_model("coaching", "Organization")
    EscalationRule = apps.get_model("triage", "EscalationRule")
    rules_of = EscalationRule._default_manager.db_manager(alias)
    for organization in Organization._default_manager.db_manager(alias).all():
        existing = set(rules_of.filter(organization=organization).values_list("trigger", flat=True))
        if not existing:
            continue  # never given defaults: it gets today's defaults when it is
        rules_of.bulk_create(
            [
                EscalationRule(
                    organization=organization,
                    trigger=trigger,
                    level=level,
                    response_hours=hours,
                    action=action,
                    description=description,
                )
                for trigger, (level, hours, action, description) in ADDED.items()
                if trigger not in existing
            ]
        )


class Migration(migrations.Migration):
    dependencies = [("triage", "0012_habits")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
