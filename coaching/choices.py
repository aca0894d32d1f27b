"""Model ``choices`` built from the pure core's enums, so each vocabulary is written once.

A core module (no Django) defines a ``StrEnum``; its model says
``Level = text_choices(core.Level)`` and gets a ``TextChoices`` with the same names and values
(``Level.RED == core.Level.RED``) and the labels forms, admin and the API schema show.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from django.db import models

from coaching.core import traffic_light


def text_choices(
    enum: type[StrEnum], labels: Mapping[str, str] | None = None
) -> type[models.TextChoices]:
    """A ``TextChoices`` named like ``enum`` with its members. Each label comes from ``labels``
    when given, else the member's own ``label``, else its value in words ("volume_change" →
    "Volume change")."""

    def label(member: StrEnum) -> str:
        if labels is not None:
            return labels[member.value]
        own = getattr(member, "label", None)
        return own if isinstance(own, str) else member.value.replace("_", " ").capitalize()

    return models.TextChoices(  # type: ignore[return-value]
        enum.__name__, [(member.name, (member.value, label(member))) for member in enum]
    )


# The traffic light's choices, shared by every model with a level (triage's and programs').
Level = text_choices(traffic_light.Level)
