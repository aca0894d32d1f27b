"""The nightly job: features set-wise, a score per client per day, review items for yellow and
red, proposals, missed-session prompts, and a run summary per organization.

- ``read``: the inputs, one statement per table (COPY on Postgres), in local days;
- ``compute``: the pure step between reading and writing (no Django);
- ``write``: scores and prompts written set-wise;
- ``proposals``: every nightly proposal (deload, progression, substitution, schedule change);
- ``run``: the shell that drives a night: ``begin_night`` plans batches of about 5,000 clients
  across organizations, ``score_batch`` scores one in one transaction on the batch connection,
  ``finish_night`` writes the run summaries (``score_organizations`` runs the three in this
  process; ``triage.tasks`` runs them as a Celery chord).

Idempotent and resumable: clients already scored for the day are skipped, so re-running the
night (or finishing one a killed worker left half done) changes nothing that was done and opens
no duplicate review items. Each batch is its own transaction.
"""

from triage.nightly.compute import weekly_lift_series
from triage.nightly.proposals import propose_adjustments, propose_deloads
from triage.nightly.read import (
    chunk_clients,
    client_zones,
    default_day,
    load_chunk,
    local_dates,
    thresholds_for,
)
from triage.nightly.run import (
    BATCH_CLIENTS,
    begin_night,
    finish_night,
    score_batch,
    score_organization,
    score_organizations,
)
from triage.nightly.write import SCORE_FIELDS, insert_scores, prompt_missed_sessions

__all__ = [
    "BATCH_CLIENTS",
    "SCORE_FIELDS",
    "chunk_clients",
    "client_zones",
    "begin_night",
    "default_day",
    "finish_night",
    "insert_scores",
    "load_chunk",
    "local_dates",
    "prompt_missed_sessions",
    "propose_adjustments",
    "propose_deloads",
    "score_batch",
    "score_organization",
    "score_organizations",
    "thresholds_for",
    "weekly_lift_series",
]
