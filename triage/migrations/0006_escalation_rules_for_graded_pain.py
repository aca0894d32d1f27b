"""Existing organizations get the escalation rules of the graded pain and the new red-flag
vocabularies; rules still at an old default move to the new one, and the retired
``pain_after_new_exercise`` rule goes (nothing raises it any more: pain on an exercise new to the
client is graded like any other pain). A rule an owner has changed is left as the owner set it.

The values are written out here, not read from ``triage.core.defaults``, so this migration does the
same thing whenever it runs."""

from django.db import migrations

# trigger -> (level, response hours, action, description), as introduced.
ADDED = {
    "confusion": ("red", 1.0, "referral", "Confusion or disorientation"),
    "self_harm": ("red", 1.0, "referral", "Self-harm or suicidal thoughts"),
    "moderate_pain": (
        "yellow",
        8.0,
        "same_day_review",
        "Pain of 4–6/10, or pain that stopped an exercise",
    ),
    "exertional_headache": (
        "yellow",
        8.0,
        "same_day_review",
        "Headache brought on by exertion",
    ),
    "disordered_eating": (
        "yellow",
        8.0,
        "same_day_review",
        "Signs of disordered eating (bingeing, guilt or fear around food)",
    ),
    "training_guilt": (
        "yellow",
        8.0,
        "same_day_review",
        "Guilt or anxiety about missing training, or training to burn off food",
    ),
}
# trigger -> ((old level, hours, action, description), new), applied only to unchanged rules.
CHANGED = {
    "mild_new_pain": (
        ("yellow", 8.0, "same_day_review", "New, mild pain"),
        ("yellow", 24.0, "plan_change_24h", "A mild new ache (3/10 or less, no warning signs)"),
    ),
    "new_pain": (
        ("red", 1.0, "same_day_review", "New or sharp pain"),
        (
            "red",
            1.0,
            "same_day_review",
            "Sharp, sudden, popped, swollen, worsening or severe (7/10 or more) pain",
        ),
    ),
    "emotional_distress": (
        ("red", 1.0, "referral", "Emotional distress"),
        ("red", 1.0, "referral", "Hopelessness or acute distress"),
    ),
    "compulsive_exercise": (
        ("red", 1.0, "referral", "Signs of compulsive exercise"),
        ("red", 1.0, "referral", "Training through injury or illness"),
    ),
    "low_mood": (
        ("yellow", 8.0, "same_day_review", "Very low mood with high stress"),
        ("yellow", 8.0, "same_day_review", "Low mood, stress or burn-out"),
    ),
}
RETIRED = {"pain_after_new_exercise": ("red", 1.0, "same_day_review")}


def _as_tuple(rule, with_description=True):
    values = (rule.level, rule.response_hours, rule.action)
    return (*values, rule.description) if with_description else values


def forwards(apps, schema_editor):
    # On the database being migrated (`migrate --database batch` runs as the batch role, which
    # row-level security lets see every organization).
    alias = schema_editor.connection.alias
    Organization = apps.get_model("coaching", "Organization")
    EscalationRule = apps.get_model("triage", "EscalationRule")
    rules_of = EscalationRule._default_manager.db_manager(alias)
    for organization in Organization._default_manager.db_manager(alias).all():
        rules = {rule.trigger: rule for rule in rules_of.filter(organization=organization)}
        if not rules:
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
                if trigger not in rules
            ]
        )
        for trigger, (old, new) in CHANGED.items():
            rule = rules.get(trigger)
            if rule is not None and _as_tuple(rule) == old:
                rule.level, rule.response_hours, rule.action, rule.description = new
                rule.save(
                    using=alias, update_fields=["level", "response_hours", "action", "description"]
                )
        for trigger, old in RETIRED.items():
            rule = rules.get(trigger)
            if rule is not None and _as_tuple(rule, with_description=False) == old:
                rule.delete(using=alias)


class Migration(migrations.Migration):
    dependencies = [("triage", "0005_review_item_coach_flag_and_minutes")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
