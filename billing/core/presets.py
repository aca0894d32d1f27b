"""The five service models of the brief, and the defaults a new tier starts from.

Pure data: an owner picks a preset and changes what they like. Red handling is not in here on
purpose: safety is not a paid feature, so every tier gets the same red response
(``policy.RED_RESPONSE_HOURS``).
"""

from __future__ import annotations

from decimal import Decimal

from coaching.core.segmentation import SERVICE_MODEL_LABELS

SERVICE_MODELS = (
    "ai_self_guided",
    "assisted_hybrid",
    "human_in_loop_premium",
    "ai_first_escalation",
    "concierge",
)

# Kinds of change the AI can propose (programs.Recommendation.kind).
CHANGE_KINDS = (
    "new_program",
    "progression",
    "deload",
    "substitution",
    "volume_change",
    "schedule_change",
)
# Adjustments a coach would call minor: they make training easier or swap like for like.
MINOR_KINDS = ("deload", "substitution", "volume_change")
ROUTINE_KINDS = ("progression", "deload", "substitution", "volume_change", "schedule_change")

AUTO_KINDS_LABELS = {
    "progression": "Progression (more load or reps)",
    "deload": "Deload week",
    "substitution": "Exercise substitution",
    "volume_change": "Volume change",
    "schedule_change": "Schedule change",
}

REVIEW_CADENCES = ("on_demand", "monthly", "weekly", "daily", "on_flags")

PRESETS: dict[str, dict] = {
    "ai_self_guided": {
        "label": SERVICE_MODEL_LABELS["ai_self_guided"],
        "ai_role": "Builds your plan, tracks adherence and sends reminders.",
        "human_role": "A coach reviews monthly or when you ask.",
        "review_policy": {
            "auto_apply": {"green": list(ROUTINE_KINDS), "yellow": []},
            "review_cadence": "monthly",
        },
        "response_hours": {"yellow": 24, "routine": 72},
        "features": {"messaging": False, "form_feedback": False, "live_calls_per_month": 0},
        "risk_surcharge": {"moderate": Decimal("10.00"), "high": Decimal("25.00")},
        "monthly_price": Decimal("29.00"),
    },
    "assisted_hybrid": {
        "label": SERVICE_MODEL_LABELS["assisted_hybrid"],
        "ai_role": "Drafts your programming, summarizes your check-ins and flags what needs a look.",
        "human_role": "A coach reviews your training every week and steps in when something changes.",
        "review_policy": {
            "auto_apply": {"green": list(ROUTINE_KINDS), "yellow": []},
            "review_cadence": "weekly",
        },
        "response_hours": {"yellow": 24, "routine": 48},
        "features": {"messaging": True, "form_feedback": True, "live_calls_per_month": 0},
        "risk_surcharge": {"moderate": Decimal("15.00"), "high": Decimal("35.00")},
        "monthly_price": Decimal("79.00"),
    },
    "human_in_loop_premium": {
        "label": SERVICE_MODEL_LABELS["human_in_loop_premium"],
        "ai_role": "Collects your data and does the first-pass analysis.",
        "human_role": "A coach approves every change, handles escalation and messages you.",
        "review_policy": {"auto_apply": {"green": [], "yellow": []}, "review_cadence": "weekly"},
        "response_hours": {"yellow": 12, "routine": 24},
        "features": {"messaging": True, "form_feedback": True, "live_calls_per_month": 2},
        "risk_surcharge": {"moderate": Decimal("20.00"), "high": Decimal("40.00")},
        "monthly_price": Decimal("199.00"),
    },
    "ai_first_escalation": {
        "label": SERVICE_MODEL_LABELS["ai_first_escalation"],
        "ai_role": "Monitors you daily and adjusts your plan automatically.",
        "human_role": "A coach steps in on flags and thresholds only.",
        "review_policy": {
            "auto_apply": {"green": list(ROUTINE_KINDS), "yellow": list(MINOR_KINDS)},
            "review_cadence": "on_flags",
        },
        "response_hours": {"yellow": 24, "routine": 72},
        "features": {"messaging": True, "form_feedback": False, "live_calls_per_month": 0},
        "risk_surcharge": {"moderate": Decimal("10.00"), "high": Decimal("25.00")},
        "monthly_price": Decimal("49.00"),
    },
    "concierge": {
        "label": SERVICE_MODEL_LABELS["concierge"],
        "ai_role": "Handles the administration and writes insight summaries for your coach.",
        "human_role": "High-touch coaching: your coach makes every decision with you.",
        "review_policy": {
            "auto_apply": {"green": [], "yellow": []},
            "review_cadence": "daily",
            "daily_summary": True,
        },
        "response_hours": {"yellow": 4, "routine": 12},
        "features": {"messaging": True, "form_feedback": True, "live_calls_per_month": 4},
        "risk_surcharge": {"moderate": Decimal("0.00"), "high": Decimal("0.00")},
        "monthly_price": Decimal("499.00"),
    },
}


def preset(service_model: str) -> dict:
    """A fresh copy of one service model's defaults (safe to change)."""
    import copy

    if service_model not in PRESETS:
        raise ValueError(f"unknown service model {service_model!r}")
    return copy.deepcopy(PRESETS[service_model])
