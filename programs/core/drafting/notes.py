"""What drafting reads from the client's own words (the intake's goal notes): a sport, an event
date, the weekdays of key endurance sessions, a return after a layoff, a weight to make.
Pure: no Django. Each reading is a small rule; anything it cannot read is left to the coach."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from coaching.core.segmentation import MAKING_WEIGHT_PATTERN
from programs.core.drafting.types import POWERLIFTING

WEEKDAY_NAMES = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tue": 1,
    "tues": 1,
    "wednesday": 2,
    "wed": 2,
    "thursday": 3,
    "thu": 3,
    "thurs": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
}
MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
# The sport, by the words people use for it; the first that matches wins (a triathlete runs).
SPORT_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (POWERLIFTING, re.compile(r"\bpower ?lift\w*|\bpowerlifter\b|\bsbd\b|\bipf\b|\busapl\b")),
    ("triathlon", re.compile(r"\btriath\w*|\bironman\b|\b70\.3\b")),
    (
        "running",
        re.compile(r"\brun\b|\bruns\b|\brunning\b|\brunner\b|\bmarathon\b|\b\d+ ?k race\b"),
    ),
    ("cycling", re.compile(r"\bcycl\w*|\bcyclist\b|\bride\b|\brides\b|\bgran fondo\b")),
    ("rowing", re.compile(r"\browing\b|\brower\b|\bregatta\b")),
    ("swimming", re.compile(r"\bswim\w*")),
)
# Key endurance sessions: a named weekday near words for a hard or long session.
KEY_SESSION = re.compile(
    r"\b(long run|long ride|intervals?|tempo|track|threshold|race|hills?|key (?:run|session)s?"
    r"|speed ?work|long)\b"
)
RETURNING = re.compile(
    r"\b(?:layoff|lay-off|time off|years? off|months? off|break from|back to (?:training|the gym)"
    r"|getting back|returning|haven't trained|have not trained|not trained (?:in|for)|used to (?:lift|train))"
)
# A weight to make: segmentation owns the words (it also reads them for the client's group).
MAKING_WEIGHT = MAKING_WEIGHT_PATTERN
ISO_DATE = re.compile(r"\b(20\d\d)-(\d\d)-(\d\d)\b")
DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)? (?:of )?([a-z]{3,9})\.?,? (20\d\d)\b")
MONTH_DAY = re.compile(r"\b([a-z]{3,9})\.? (\d{1,2})(?:st|nd|rd|th)?,? (20\d\d)\b")


@dataclass(frozen=True)
class NotesReading:
    sport: str | None = None
    event_date: date | None = None
    key_session_days: tuple[int, ...] = ()
    returning: bool = False
    making_weight: bool = False


def _dates(text: str) -> list[date]:
    found = []
    for match in ISO_DATE.finditer(text):
        found.append(_date(int(match[1]), int(match[2]), int(match[3])))
    for match in DAY_MONTH.finditer(text):
        if match[2] in MONTHS:
            found.append(_date(int(match[3]), MONTHS[match[2]], int(match[1])))
    for match in MONTH_DAY.finditer(text):
        if match[1] in MONTHS:
            found.append(_date(int(match[3]), MONTHS[match[1]], int(match[2])))
    return [day for day in found if day is not None]


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _key_days(text: str) -> tuple[int, ...]:
    """Weekdays named in the same clause as a key session ("long run on Sunday", "intervals
    Tue")."""
    days = set()
    for clause in re.split(r"[.;\n]|,(?= )", text):
        if not KEY_SESSION.search(clause):
            continue
        for word in re.findall(r"[a-z]+", clause):
            if word in WEEKDAY_NAMES:
                days.add(WEEKDAY_NAMES[word])
    return tuple(sorted(days))


def read_goal_notes(text: str, *, today: date) -> NotesReading:
    """The sport named in the notes (``SPORT_WORDS``), the first date on or after ``today``
    (ISO, "12 April 2025" or "April 12, 2025": a meet or race), weekdays of key endurance
    sessions, a return after a layoff, and a weight to make for a competition."""
    lowered = re.sub(r"\s+", " ", (text or "").lower().replace("\u2019", "'"))
    sport = next((name for name, words in SPORT_WORDS if words.search(lowered)), None)
    upcoming = sorted(day for day in _dates(lowered) if day >= today)
    return NotesReading(
        sport=sport,
        event_date=upcoming[0] if upcoming else None,
        key_session_days=_key_days(lowered) if sport and sport != POWERLIFTING else (),
        returning=bool(RETURNING.search(lowered)),
        making_weight=bool(MAKING_WEIGHT.search(lowered)),
    )
