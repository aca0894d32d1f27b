"""Sentences a person reads: ended once, and addressed to the person reading them.

Pure: no Django. Reasons are written for coaches ("The client ticked chest pain…"); a client
reading their own check-in or history reads them in the second person ("You ticked chest
pain…") through ``for_client``.
"""

import re

SENTENCE_ENDS = (".", "?", "!", "…")
CLOSERS = "\"'”’)"

# Coach-facing words → the client's own, in order (first match wins at each position).
_FOR_CLIENT = (
    (re.compile(r"^The client ticked "), "You ticked "),
    (re.compile(r"^The client asked for "), "You asked for "),
    (re.compile(r"^The check-in notes mention "), "Your notes mention "),
    (re.compile(r"^Imported notes of "), "Your imported notes of "),
    (re.compile(r"^has logged nothing\b"), "you have logged nothing"),
    (re.compile(r"^(completed|missed) "), r"you \1 "),
    (re.compile(r"\band reports high\b"), "and report high"),
    (re.compile(r"\bwhile the client reports\b"), "while you report"),
    (
        re.compile(
            r"(^|[;:] )(readiness|sleep quality|sleep|mood|fatigue|soreness|stress) averaged"
        ),
        r"\1your \2 averaged",
    ),
    (re.compile(r"^estimated 1RM fell"), "your estimated 1RM fell"),
    (re.compile(r"^(.+?) estimated 1RM fell"), r"your \1 estimated 1RM fell"),
    (re.compile(r"\bthe stated goal\b"), "your stated goal"),
    (re.compile(r"\bthe client's\b"), "your"),
    (re.compile(r"\bThe client's\b"), "Your"),
    (re.compile(r"\bnew to the client\b"), "new to you"),
    (re.compile(r"\bThe client\b"), "You"),
    (re.compile(r"\bthe client\b"), "you"),
)


def end_sentence(text: str) -> str:
    """``text`` ending in exactly one full stop: none is added after "?", "!", "…" or ".",
    even inside a closing quote or bracket ("Can I swap squats?" stays as it is, never "?.")."""
    text = text.rstrip()
    if not text:
        return text
    if text.rstrip(CLOSERS).endswith(SENTENCE_ENDS):
        return text
    return f"{text}."


def for_client(text: str) -> str:
    """A reason written for a coach, as the client reads it about themselves: "The client
    ticked chest pain" → "You ticked chest pain", "missed the last 3 planned sessions" →
    "You missed the last 3 planned sessions"; one capital first and one full stop last."""
    text = str(text or "").strip()
    if not text:
        return text
    for pattern, replacement in _FOR_CLIENT:
        text = pattern.sub(replacement, text)
    return end_sentence(text[:1].upper() + text[1:])
