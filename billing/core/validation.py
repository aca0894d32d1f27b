"""Checks on a tier's settings, shared by the API and the owner's editor.

Each function returns the cleaned value or raises ``ValueError`` with a sentence an owner
understands. Pure: no Django.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from billing.core.change_kinds import NEW_PROGRAM, ROUTINE_KINDS
from billing.core.presets import REVIEW_CADENCES
from coaching.core.traffic_light import GREEN, RED, YELLOW

# ISO 4217 codes in current use.
ISO_4217 = frozenset(
    [
        "aed",
        "afn",
        "all",
        "amd",
        "ang",
        "aoa",
        "ars",
        "aud",
        "awg",
        "azn",
        "bam",
        "bbd",
        "bdt",
        "bgn",
        "bhd",
        "bif",
        "bmd",
        "bnd",
        "bob",
        "brl",
        "bsd",
        "btn",
        "bwp",
        "byn",
        "bzd",
        "cad",
        "cdf",
        "chf",
        "clp",
        "cny",
        "cop",
        "crc",
        "cup",
        "cve",
        "czk",
        "djf",
        "dkk",
        "dop",
        "dzd",
        "egp",
        "ern",
        "etb",
        "eur",
        "fjd",
        "fkp",
        "gbp",
        "gel",
        "ghs",
        "gip",
        "gmd",
        "gnf",
        "gtq",
        "gyd",
        "hkd",
        "hnl",
        "htg",
        "huf",
        "idr",
        "ils",
        "inr",
        "iqd",
        "irr",
        "isk",
        "jmd",
        "jod",
        "jpy",
        "kes",
        "kgs",
        "khr",
        "kmf",
        "kpw",
        "krw",
        "kwd",
        "kyd",
        "kzt",
        "lak",
        "lbp",
        "lkr",
        "lrd",
        "lsl",
        "lyd",
        "mad",
        "mdl",
        "mga",
        "mkd",
        "mmk",
        "mnt",
        "mop",
        "mru",
        "mur",
        "mvr",
        "mwk",
        "mxn",
        "myr",
        "mzn",
        "nad",
        "ngn",
        "nio",
        "nok",
        "npr",
        "nzd",
        "omr",
        "pab",
        "pen",
        "pgk",
        "php",
        "pkr",
        "pln",
        "pyg",
        "qar",
        "ron",
        "rsd",
        "rub",
        "rwf",
        "sar",
        "sbd",
        "scr",
        "sdg",
        "sek",
        "sgd",
        "shp",
        "sle",
        "sll",
        "sos",
        "srd",
        "ssp",
        "stn",
        "svc",
        "syp",
        "szl",
        "thb",
        "tjs",
        "tmt",
        "tnd",
        "top",
        "try",
        "ttd",
        "twd",
        "tzs",
        "uah",
        "ugx",
        "usd",
        "uyu",
        "uzs",
        "ves",
        "vnd",
        "vuv",
        "wst",
        "xaf",
        "xcd",
        "xof",
        "xpf",
        "yer",
        "zar",
        "zmw",
        "zwl",
    ]
)
MAX_RESPONSE_HOURS = 24 * 31
MAX_LIVE_CALLS = 31
AUTO_APPLICABLE = ROUTINE_KINDS


def clean_currency(value: str) -> str:
    code = (value or "").strip().lower()
    if code not in ISO_4217:
        raise ValueError(f"{value!r} is not an ISO 4217 currency code (e.g. usd, eur, gbp).")
    return code


def clean_review_policy(value: Mapping[str, Any]) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise ValueError("Give the review policy as an object.")
    auto = value.get("auto_apply", {})
    if not isinstance(auto, Mapping):
        raise ValueError("auto_apply must map a level (green, yellow) to kinds of change.")
    unknown_levels = set(auto) - {GREEN, YELLOW}
    if RED in unknown_levels:
        raise ValueError("Nothing auto-applies at red: red always goes to a person.")
    if unknown_levels:
        raise ValueError(f"auto_apply levels are green and yellow, not {sorted(unknown_levels)}.")
    cleaned_auto = {}
    for level in (GREEN, YELLOW):
        kinds = auto.get(level, [])
        if not isinstance(kinds, list | tuple) or not all(isinstance(k, str) for k in kinds):
            raise ValueError(f"auto_apply.{level} must be a list of kinds of change.")
        if NEW_PROGRAM in kinds:
            raise ValueError("A new program always waits for a coach; it cannot auto-apply.")
        unknown = set(kinds) - set(AUTO_APPLICABLE)
        if unknown:
            raise ValueError(
                f"Unknown kinds in auto_apply.{level}: {sorted(unknown)}; "
                f"use {', '.join(AUTO_APPLICABLE)}."
            )
        cleaned_auto[level] = [k for k in AUTO_APPLICABLE if k in kinds]
    cadence = value.get("review_cadence", "weekly")
    if cadence not in REVIEW_CADENCES:
        raise ValueError(f"review_cadence must be one of {', '.join(REVIEW_CADENCES)}.")
    cleaned = {"auto_apply": cleaned_auto, "review_cadence": cadence}
    for flag in ("weekly_review_item", "daily_summary"):
        if flag in value:
            if not isinstance(value[flag], bool):
                raise ValueError(f"{flag} must be true or false.")
            cleaned[flag] = value[flag]
    return cleaned


def _hours(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{name} must be a number of hours.")
    if not 0 < value <= MAX_RESPONSE_HOURS:
        raise ValueError(f"{name} must be more than 0 and at most {MAX_RESPONSE_HOURS} hours.")
    return value


def clean_response_hours(value: Mapping[str, Any]) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise ValueError("Give response hours as {yellow, routine}.")
    unknown = set(value) - {YELLOW, "routine"}
    if RED in unknown:
        raise ValueError("Red response time is the same on every tier and cannot be set here.")
    if unknown:
        raise ValueError(f"Response hours are yellow and routine, not {sorted(unknown)}.")
    missing = {YELLOW, "routine"} - set(value)
    if missing:
        raise ValueError(f"Response hours need {' and '.join(sorted(missing))}.")
    return {
        YELLOW: _hours(value[YELLOW], YELLOW),
        "routine": _hours(value["routine"], "routine"),
    }


def clean_features(value: Mapping[str, Any]) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise ValueError("Give features as {messaging, form_feedback, live_calls_per_month}.")
    cleaned = {}
    for flag in ("messaging", "form_feedback"):
        flag_value = value.get(flag, False)
        if not isinstance(flag_value, bool):
            raise ValueError(f"{flag} must be true or false.")
        cleaned[flag] = flag_value
    calls = value.get("live_calls_per_month", 0)
    if isinstance(calls, bool) or not isinstance(calls, int) or not 0 <= calls <= MAX_LIVE_CALLS:
        raise ValueError(f"live_calls_per_month must be a whole number from 0 to {MAX_LIVE_CALLS}.")
    cleaned["live_calls_per_month"] = calls
    unknown = set(value) - {"messaging", "form_feedback", "live_calls_per_month"}
    if unknown:
        raise ValueError(f"Unknown features: {sorted(unknown)}.")
    return cleaned


def clean_money(value: object, name: str) -> Decimal:
    if isinstance(value, bool):
        raise ValueError(f"{name} must be an amount.")
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValueError(f"{name} must be an amount.") from None
    if not amount.is_finite():
        raise ValueError(f"{name} must be an amount.")
    if amount < 0:
        raise ValueError(f"{name} cannot be negative.")
    if amount >= Decimal("100000000"):
        raise ValueError(f"{name} is too large.")
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueError(f"{name} has at most two decimal places.")
    return amount.quantize(Decimal("0.01"))


def clean_risk_surcharge(value: Mapping[str, Any]) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise ValueError("Give the risk surcharge as {moderate, high}.")
    unknown = set(value) - {"moderate", "high"}
    if unknown:
        raise ValueError(f"Risk surcharges are moderate and high, not {sorted(unknown)}.")
    return {level: clean_money(value.get(level, 0), level) for level in ("moderate", "high")}
