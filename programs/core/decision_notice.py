"""What a client is told in their thread when a coach decides a change to their plan. Pure.

The coach wrote (or approved) it, so it speaks in the coach's voice. A client hears of every
change made to their plan (approved or edited) and of a rejected proposal when the coach wrote
why; a rejected draft of a new program is the coach's own work in progress, not news.
"""

from __future__ import annotations

from collections.abc import Sequence


def decision_notice(
    *,
    kind: str,
    kind_label: str,
    decision: str,
    rationale: str,
    notes: str,
    program_name: str = "",
    details: Sequence[str] = (),
) -> str | None:
    """The message for one decision (``approve``, ``modify`` or ``reject``), or None when the
    client need not hear of it."""
    notes = notes.strip()
    what = kind_label.lower()
    if decision == "reject":
        if kind == "new_program" or not notes:
            return None
        return f"I kept your plan as it is instead of the proposed {what}. {notes}"
    if kind == "new_program":
        lines = [
            f"Your new program is ready{': ' + program_name if program_name else ''}. "
            "You'll find it under Plan."
        ]
    elif decision == "modify":
        lines = [f"I adjusted a proposed change to your plan ({what}) and applied it."]
    else:
        lines = [f"I approved a change to your plan ({what})."]
    if rationale.strip() and kind != "new_program":
        lines.append(f"Why: {rationale.strip()}")
    lines.extend(f"• {line}" for line in details if line.strip())
    if notes:
        lines.append(notes)
    return "\n".join(lines)
