from django.apps import AppConfig
from django.db.models.signals import post_save

from coaching.core.traffic_light import RED


def _give_defaults(sender, instance, created, **kwargs):
    """A new organization starts with the brief's escalation rules and reply templates."""
    if not created:
        return
    from django.db import transaction

    from coaching.tenancy import tenant_scope
    from triage.queue import ensure_defaults

    with transaction.atomic(), tenant_scope(instance):
        ensure_defaults(instance)


class TriageConfig(AppConfig):
    name = "triage"
    verbose_name = "Triage: check-ins, red flags, scoring, review queue"

    def ready(self):
        from coaching.models import Organization

        post_save.connect(_give_defaults, sender=Organization, dispatch_uid="triage_defaults")

        from programs.signals import notes_imported, workout_logged
        from triage.checkins import flag_imported_notes, flag_pain_on_log

        workout_logged.connect(flag_pain_on_log, dispatch_uid="triage_pain_on_log")
        notes_imported.connect(flag_imported_notes, dispatch_uid="triage_imported_notes")

        from coaching.signals import client_list_annotations

        client_list_annotations.connect(level_annotations, dispatch_uid="triage_level")

        from messaging.signals import message_posted
        from triage.checkins import flag_red_in_message

        message_posted.connect(flag_red_in_message, dispatch_uid="triage_message_red_flags")

        from coaching.signals import client_anonymized
        from triage.erasure import anonymize_client_triage

        client_anonymized.connect(anonymize_client_triage, dispatch_uid="triage_erasure")


def level_annotations(sender, queryset, **kwargs):
    """The client's traffic light for client lists: red while a red item is open, else the
    latest nightly level (one subquery each, whatever the number of clients)."""
    from django.db.models import Case, CharField, Exists, OuterRef, Subquery, Value, When

    from triage.models import AdherenceScore, ReviewItem

    latest = (
        AdherenceScore.unscoped.filter(client=OuterRef("pk")).order_by("-date").values("level")[:1]
    )
    open_red = ReviewItem.unscoped.filter(client=OuterRef("pk"), status="open", level=RED)
    return {
        "level_annotation": Case(
            When(Exists(open_red), then=Value(RED)),
            default=Subquery(latest),
            output_field=CharField(),
        )
    }
