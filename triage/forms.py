"""Forms of the coach's queue pages: the same fields, limits and rules as the API's serializers
(``triage.serializers``), from the same constants and ``triage.core.queue_rules``."""

from __future__ import annotations

import re

from django import forms

from triage.core import queue_rules
from triage.models import (
    MAX_HOLD_NOTE_CHARS,
    MAX_REPLY_CHARS,
    MAX_REVIEW_MINUTES,
    Resolution,
)


class ResolveForm(forms.Form):
    """Resolve review items with a reply. Given ``open_items`` (one client's card), it also
    asks which of them to resolve: the card's checkboxes, all ticked at first."""

    resolution = forms.ChoiceField(
        choices=Resolution.choices,
        error_messages={"required": "Choose how this was resolved."},
    )
    message = forms.CharField(
        required=False, max_length=MAX_REPLY_CHARS, widget=forms.Textarea(attrs={"rows": 4})
    )
    minutes_spent = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=MAX_REVIEW_MINUTES,
        error_messages={"invalid": f"Minutes spent: a whole number up to {MAX_REVIEW_MINUTES}."},
    )

    def __init__(self, *args, open_items=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.open_items = list(open_items) if open_items is not None else None
        if self.open_items is not None:
            self.fields["items"] = forms.TypedMultipleChoiceField(
                coerce=int,
                choices=[(item.pk, item.pk) for item in self.open_items],
                error_messages={
                    "required": "Choose at least one item to resolve.",
                    "invalid_choice": "Not an open item of this client: %(value)s.",
                },
            )

    def clean_items(self) -> list:
        """The items chosen, as objects."""
        by_id = {item.pk: item for item in self.open_items}
        asked = self.cleaned_data.get("items")
        try:
            chosen = queue_rules.chosen_items(list(by_id), asked)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None
        return [by_id[item_id] for item_id in chosen]


class HoldReleaseForm(forms.Form):
    """A coach lifts a client's automation hold and says why."""

    note = forms.CharField(
        max_length=MAX_HOLD_NOTE_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Say why automation can resume."},
    )


DECISIONS = ("approve", "reject", "modify")
CHOOSE_DECISION = "Choose approve, edit or reject."
MAX_DECISION_NOTES_CHARS = 4000  # as the API's DecisionSerializer.notes
WHOLE_NUMBER = re.compile(r"^[0-9]+$")


class RecommendationDecisionForm(forms.Form):
    """A coach's decision on a recommendation from the client's page: the same choices and rules
    as the API's ``DecisionSerializer``. The page's edit inputs, ``edit-<prescription>-<field>``
    beside ``orig-<prescription>-<field>``, become the changes (only those the coach changed);
    approving with changes, or with another number of sessions a week for a schedule change, is
    a modification."""

    decision = forms.ChoiceField(
        choices=[(d, d) for d in DECISIONS],
        error_messages={"required": CHOOSE_DECISION, "invalid_choice": CHOOSE_DECISION},
    )
    notes = forms.CharField(required=False, max_length=MAX_DECISION_NOTES_CHARS)
    sessions_per_week = forms.CharField(required=False, max_length=3)

    def __init__(self, *args, proposed_sessions=None, is_schedule_change=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposed_sessions = proposed_sessions
        self.is_schedule_change = is_schedule_change

    def clean_sessions_per_week(self) -> int | str | None:
        """The coach's number for a schedule change (None when not given or not one). Anything
        but a whole number goes on as given, for the service's own message about it."""
        asked = self.cleaned_data["sessions_per_week"]
        if not self.is_schedule_change or not asked:
            return None
        return int(asked) if WHOLE_NUMBER.match(asked) else asked

    def changes(self) -> list[dict]:
        """The prescription edits the coach made: [{prescription, field, to}]."""
        found = []
        for key, value in self.data.items():
            if not key.startswith("edit-") or value == self.data.get(f"orig-{key[5:]}"):
                continue
            prescription_id, _, field = key[5:].partition("-")
            if not WHOLE_NUMBER.match(prescription_id) or not field:
                raise forms.ValidationError(f"Not an edit of a prescription: {key}.")
            found.append(
                {"prescription": int(prescription_id), "field": field, "to": value or None}
            )
        return found

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if decision is None:
            return cleaned
        cleaned["changes"] = self.changes()
        asked = cleaned.get("sessions_per_week")
        if decision == "approve" and (
            cleaned["changes"] or (asked is not None and str(asked) != str(self.proposed_sessions))
        ):
            decision = "modify"
        if decision == "reject" and not cleaned.get("notes"):
            raise forms.ValidationError("Say why you reject it, so the client and the AI learn.")
        cleaned["decision"] = decision
        return cleaned
