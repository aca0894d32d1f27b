"""Forms of the coach's queue pages: the same fields, limits and rules as the API's serializers
(``triage.serializers``), from the same constants and ``triage.core.queue_rules``."""

from __future__ import annotations

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
