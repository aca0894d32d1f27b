"""The five service models of the brief, and the defaults a new tier starts from.

Pure data: an owner picks a preset and changes what they like. Red handling is not in here on
purpose: safety is not a paid feature, so every tier gets the same red response
(``policy.RED_RESPONSE_HOURS``).
"""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

from billing.core.change_kinds import (  # noqa: F401  (the kinds' one definition, named here too)
    CHANGE_KINDS,
    DELOAD,
    MINOR_KINDS,
    PROGRESSION,
    ROUTINE_KINDS,
    SCHEDULE_CHANGE,
    SUBSTITUTION,
    VOLUME_CHANGE,
)
from coaching.core.segmentation import SERVICE_MODEL_LABELS
from coaching.core.traffic_light import GREEN, YELLOW

SERVICE_MODELS = (
    "ai_self_guided",
    "assisted_hybrid",
    "human_in_loop_premium",
    "ai_first_escalation",
    "concierge",
)

AUTO_KINDS_LABELS = {
    PROGRESSION: "Progression (more load or reps)",
    DELOAD: "Deload week",
    SUBSTITUTION: "Exercise substitution",
    VOLUME_CHANGE: "Volume change",
    SCHEDULE_CHANGE: "Schedule change",
}

REVIEW_CADENCES = ("on_demand", "monthly", "weekly", "daily", "on_flags")

PRESETS: dict[str, dict[str, Any]] = {
    "ai_self_guided": {
        "label": SERVICE_MODEL_LABELS["ai_self_guided"],
        "ai_role": "Builds your plan, tracks adherence and sends reminders.",
        "human_role": "A coach reviews monthly or when you ask.",
        "review_policy": {
            "auto_apply": {GREEN: list(ROUTINE_KINDS), YELLOW: []},
            "review_cadence": "monthly",
        },
        "response_hours": {YELLOW: 24, "routine": 72},
        "features": {"messaging": False, "form_feedback": False, "live_calls_per_month": 0},
        "risk_surcharge": {"moderate": Decimal("10.00"), "high": Decimal("25.00")},
        "monthly_price": Decimal("29.00"),
    },
    "assisted_hybrid": {
        "label": SERVICE_MODEL_LABELS["assisted_hybrid"],
        "ai_role": "Drafts your programming, summarizes your check-ins and flags what needs a look.",
        "human_role": "A coach reviews your training every week and steps in when something changes.",
        "review_policy": {
            "auto_apply": {GREEN: list(ROUTINE_KINDS), YELLOW: []},
            "review_cadence": "weekly",
        },
        "response_hours": {YELLOW: 24, "routine": 48},
        "features": {"messaging": True, "form_feedback": True, "live_calls_per_month": 0},
        "risk_surcharge": {"moderate": Decimal("15.00"), "high": Decimal("35.00")},
        "monthly_price": Decimal("79.00"),
    },
    "human_in_loop_premium": {
        "label": SERVICE_MODEL_LABELS["human_in_loop_premium"],
        "ai_role": "Collects your data and does the first-pass analysis.",
        "human_role": "A coach approves every change, handles escalation and messages you.",
        "review_policy": {"auto_apply": {GREEN: [], YELLOW: []}, "review_cadence": "weekly"},
        "response_hours": {YELLOW: 12, "routine": 24},
        "features": {"messaging": True, "form_feedback": True, "live_calls_per_month": 2},
        "risk_surcharge": {"moderate": Decimal("20.00"), "high": Decimal("40.00")},
        "monthly_price": Decimal("199.00"),
    },
    "ai_first_escalation": {
        "label": SERVICE_MODEL_LABELS["ai_first_escalation"],
        "ai_role": "Monitors you daily and adjusts your plan automatically.",
        "human_role": "A coach steps in on flags and thresholds only.",
        "review_policy": {
            "auto_apply": {GREEN: list(ROUTINE_KINDS), YELLOW: list(MINOR_KINDS)},
            "review_cadence": "on_flags",
        },
        "response_hours": {YELLOW: 24, "routine": 72},
        "features": {"messaging": True, "form_feedback": False, "live_calls_per_month": 0},
        "risk_surcharge": {"moderate": Decimal("10.00"), "high": Decimal("25.00")},
        "monthly_price": Decimal("49.00"),
    },
    "concierge": {
        "label": SERVICE_MODEL_LABELS["concierge"],
        "ai_role": "Handles the administration and writes insight summaries for your coach.",
        "human_role": "High-touch coaching: your coach makes every decision with you.",
        "review_policy": {
            "auto_apply": {GREEN: [], YELLOW: []},
            "review_cadence": "daily",
            "daily_summary": True,
        },
        "response_hours": {YELLOW: 4, "routine": 12},
        "features": {"messaging": True, "form_feedback": True, "live_calls_per_month": 4},
        "risk_surcharge": {"moderate": Decimal("0.00"), "high": Decimal("0.00")},
        "monthly_price": Decimal("499.00"),
    },
}


def preset(service_model: str) -> dict[str, Any]:
    """A fresh copy of one service model's defaults (safe to change)."""

    if service_model not in PRESETS:
        raise ValueError(f"unknown service model {service_model!r}")
    return copy.deepcopy(PRESETS[service_model])
