"""Triage's part of deleting a client (coaching.erasure): check-in notes, answers in words,
and quoted words go; scales, levels, codes and timings stay."""

from __future__ import annotations

from coaching.erasure import keep_codes, numeric_answers
from triage.models import AutomationHold, CheckIn, Habit, HabitKind, ReviewItem


def anonymize_client_triage(sender, client, former_user, replacements, **kwargs):

    CheckIn.objects.filter(client=client).update(notes="", message_to_client="")
    check_ins = list(CheckIn.objects.filter(client=client).only("id", "reasons", "extra_answers"))
    for check_in in check_ins:
        check_in.reasons = keep_codes(check_in.reasons)
        check_in.extra_answers = numeric_answers(check_in.extra_answers)
    CheckIn.objects.bulk_update(check_ins, ["reasons", "extra_answers"], batch_size=500)

    ReviewItem.objects.filter(client=client).update(message="")
    items = list(ReviewItem.objects.filter(client=client).only("id", "reasons", "evidence"))
    for item in items:
        item.reasons = keep_codes(item.reasons)
        item.evidence = [
            {
                "at": entry.get("at"),
                "source": entry.get("source"),
                "reasons": keep_codes(entry.get("reasons")),
            }
            for entry in item.evidence or []
            if isinstance(entry, dict)
        ]
    ReviewItem.objects.bulk_update(items, ["reasons", "evidence"], batch_size=500)
    # Why a hold began (the red flag's words) and why it ended (a coach's note) are words too.
    AutomationHold.objects.filter(client=client).update(reason="", release_note="")
    # A habit of the client's own may be in their words ("No phone in bed"): each habit keeps its
    # kind's name and its days done, and loses its target.
    for kind, label in HabitKind.choices:
        Habit.objects.filter(client=client, kind=kind).update(name=label, target="")
