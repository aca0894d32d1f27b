"""How much a logged session counts toward a client's consistency. Pure.

The one owner of partial-session credit: the nightly completion rates
(``triage.core.scoring.features``), the session summary a client reads and the history page's weekly
counts all take it from here.
"""

from __future__ import annotations

# A partial session counts as this much of a completed one.
PARTIAL_CREDIT = 0.5
# Credit by a log's status (a skipped session counts nothing).
CREDIT_BY_STATUS: dict[str, float] = {"completed": 1.0, "partial": PARTIAL_CREDIT}


def sessions_done(completed: int, partial: int) -> float:
    """Sessions done in a span: completed ones whole, partial ones at ``PARTIAL_CREDIT``."""
    return completed + PARTIAL_CREDIT * partial
