"""Nightly scoring's functional core: features (pandas, set-wise) and levels with reasons.

Pure: no Django. The nightly job loads one chunk of clients, calls ``compute_features`` once,
then ``assess`` per row (or ``assess_frame``), and saves the results.
"""

from triage.core.scoring.features import FEATURE_COLUMNS, HISTORY_DAYS, compute_features
from triage.core.scoring.levels import (
    DEFAULT_THRESHOLDS,
    RECOVERY_CODES,
    THRESHOLD_HELP,
    Assessment,
    Reason,
    Thresholds,
    assess,
    assess_frame,
    fatigue_elevated,
)

__all__ = [
    "DEFAULT_THRESHOLDS",
    "FEATURE_COLUMNS",
    "HISTORY_DAYS",
    "RECOVERY_CODES",
    "THRESHOLD_HELP",
    "Assessment",
    "Reason",
    "Thresholds",
    "assess",
    "assess_frame",
    "compute_features",
    "fatigue_elevated",
]
