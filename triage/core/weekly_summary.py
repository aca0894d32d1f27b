"""The weekly summary a coach reads after a client's check-in, and the reply Spotter drafts for
them. Pure: the week's facts in, plain words out (no Django, no external model).

The brief: "AI can collect the data through structured prompts, summarize trends, and generate a
preliminary response. The coach then triages the response: no change, minor change, or
escalation." ``summarize`` writes the summary and suggests which of the three;
``draft_reply`` writes the reply in the coach's tone from the organization's own reply template
for that suggestion, with the week's facts said to the client in the second person.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from statistics import mean

from coaching.core.traffic_light import RED, YELLOW

# The three triage outcomes, as the review queue's resolutions name them.
NO_CHANGE, MINOR_CHANGE, ESCALATED = "no_change", "minor_change", "escalated"
# How the week reads: steady (nothing to change), watch (a minor change or a question), urgent.
STEADY, WATCH, URGENT = "steady", "watch", "urgent"
SUGGESTION = {STEADY: NO_CHANGE, WATCH: MINOR_CHANGE, URGENT: ESCALATED}

# A week with fewer than this share of its planned sessions done is a drop.
LOW_COMPLETION_SHARE = 0.75
# ...and so is one with this many fewer sessions than the client's usual week.
SESSIONS_BELOW_USUAL = 1.5
# A mean readiness (1-5) or sleep (hours) this far from the weeks before is a trend, not noise.
READINESS_TREND_POINTS = 0.5
SLEEP_TREND_HOURS = 0.5
# Pain at or above this (0-10) is urgent even when nothing else was flagged.
URGENT_PAIN_SEVERITY = 7
# Any pain at or above this is worth a question in the reply (milder aches are only summarized).
NOTABLE_PAIN_SEVERITY = 1
BEST_LIFTS_SHOWN = 3
FLAGS_SHOWN = 3
# A new best must beat the previous one by more than rounding.
NEW_BEST_MARGIN_KG = 0.5

# What the reply says when the organization has no template for the suggestion.
FALLBACK_TEMPLATES = {
    NO_CHANGE: "Hi {name}, thanks for checking in. Your plan stays as it is this week.",
    MINOR_CHANGE: "Hi {name}, thanks for checking in. Let's adjust the plan so it fits your week.",
    ESCALATED: "Hi {name}, thanks for telling me. I'd like to talk this through with you today.",
}
SKIP_REASON_WORDS = {
    "time": "time",
    "energy": "low energy",
    "pain": "pain",
    "illness": "illness",
    "travel": "travel",
    "motivation": "motivation",
    "schedule": "your schedule",
    "other": "something else",
}


@dataclass(frozen=True)
class Lift:
    """The week's best set of one exercise, by estimated one-rep max."""

    exercise: str
    load_kg: float
    reps: int
    e1rm_kg: float
    previous_best_e1rm_kg: float | None = None  # the best in the weeks before, if any

    @property
    def new_best(self) -> bool:
        return (
            self.previous_best_e1rm_kg is not None
            and self.e1rm_kg > self.previous_best_e1rm_kg + NEW_BEST_MARGIN_KG
        )


@dataclass(frozen=True)
class Pain:
    area: str
    severity: int  # 0-10
    new: bool = False


@dataclass(frozen=True)
class Habit:
    name: str
    done: int
    target: int


@dataclass(frozen=True)
class Flag:
    level: str  # red | yellow
    text: str


@dataclass(frozen=True)
class WeekFacts:
    """One client's week (the seven local days ending on the check-in's day) and the weeks
    before it, as the shell reads them."""

    first_name: str
    coach_name: str
    period_start: date
    period_end: date
    planned: int
    completed: int
    usual_completed: float | None = None  # sessions a week before this one, None if new
    skip_reasons: tuple[str, ...] = ()
    lifts: tuple[Lift, ...] = ()
    readiness: tuple[int, ...] = ()  # this week's check-ins, oldest first
    readiness_before: tuple[int, ...] = ()
    sleep_hours: tuple[float, ...] = ()
    sleep_hours_before: tuple[float, ...] = ()
    pains: tuple[Pain, ...] = ()
    habits: tuple[Habit, ...] = ()
    flags: tuple[Flag, ...] = ()  # open review items
    wants_human_review: bool = False


@dataclass(frozen=True)
class Summary:
    outlook: str  # steady | watch | urgent
    suggested: str  # no_change | minor_change | escalated
    lines: tuple[str, ...]
    reasons: tuple[str, ...] = field(default=())  # why the outlook is not steady

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def _number(value: float) -> str:
    """12 for 12.0, 12.5 for 12.5: how a person writes a weight or a mean."""
    return f"{value:.1f}".removesuffix(".0")


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _listed(words: Sequence[str]) -> str:
    """a, b and c."""
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def sessions_dropping(facts: WeekFacts) -> bool:
    """Sessions are dropping when the week completed under LOW_COMPLETION_SHARE of its plan, or
    SESSIONS_BELOW_USUAL fewer than the client's usual week."""
    under_plan = facts.planned > 0 and facts.completed < facts.planned * LOW_COMPLETION_SHARE
    under_usual = (
        facts.usual_completed is not None
        and facts.completed <= facts.usual_completed - SESSIONS_BELOW_USUAL
    )
    return under_plan or under_usual


def trend(now: Sequence[float], before: Sequence[float], threshold: float) -> str | None:
    """'up', 'down' or 'steady' for this week's mean against the weeks before; None when either
    side has no values."""
    if not now or not before:
        return None
    change = mean(now) - mean(before)
    if change >= threshold:
        return "up"
    if change <= -threshold:
        return "down"
    return "steady"


def _worst_pain(facts: WeekFacts) -> Pain | None:
    return max(facts.pains, key=lambda p: (p.severity, p.new), default=None)


def outlook(facts: WeekFacts) -> tuple[str, tuple[str, ...]]:
    """How the week reads, with its reasons: urgent with a red flag or pain of
    URGENT_PAIN_SEVERITY or more; watch with a yellow flag, any pain, dropping sessions, falling
    readiness, or a request for a person; else steady."""
    pain = _worst_pain(facts)
    urgent = [f"red flag: {f.text}" for f in facts.flags if f.level == RED]
    if pain is not None and pain.severity >= URGENT_PAIN_SEVERITY:
        urgent.append(f"{pain.area} pain {pain.severity}/10")
    if urgent:
        return URGENT, tuple(urgent)
    watch = [f"flag: {f.text}" for f in facts.flags if f.level == YELLOW]
    if pain is not None and pain.severity >= NOTABLE_PAIN_SEVERITY:
        watch.append(f"{pain.area} pain {pain.severity}/10")
    if sessions_dropping(facts):
        watch.append("sessions dropping")
    if trend(facts.readiness, facts.readiness_before, READINESS_TREND_POINTS) == "down":
        watch.append("readiness falling")
    if facts.wants_human_review:
        watch.append("asked for a person")
    return (WATCH, tuple(watch)) if watch else (STEADY, ())


def _sessions_line(facts: WeekFacts) -> str:
    if facts.planned:
        line = f"Sessions: {facts.completed} of {facts.planned} planned done"
    else:
        line = f"Sessions: {facts.completed} done, none planned"
    if facts.usual_completed is not None:
        usual = _number(round(facts.usual_completed, 1))
        if sessions_dropping(facts) and facts.completed < facts.usual_completed:
            line += f", down from about {usual} a week"
        else:
            line += f" (usual about {usual} a week)"
    line += "."
    if facts.skip_reasons:
        reasons = sorted(set(facts.skip_reasons), key=facts.skip_reasons.index)
        words = [SKIP_REASON_WORDS.get(r, r) for r in reasons]
        line += f" Skipped {len(facts.skip_reasons)}: {_listed(words)}."
    return line


def _lift_words(lift: Lift) -> str:
    words = f"{lift.exercise} {_number(lift.load_kg)} kg × {lift.reps}"
    if lift.new_best:
        return f"{words} (new best, est. 1RM {_number(lift.e1rm_kg)} kg)"
    return words


def best_lifts(facts: WeekFacts) -> list[Lift]:
    """The week's lifts worth naming: new bests first, then the heaviest estimated maxima."""
    ordered = sorted(facts.lifts, key=lambda lift: (not lift.new_best, -lift.e1rm_kg))
    return ordered[:BEST_LIFTS_SHOWN]


def _lifts_line(facts: WeekFacts) -> str:
    lifts = best_lifts(facts)
    if not lifts:
        return "Best lifts: none logged."
    return f"Best lifts: {'; '.join(_lift_words(lift) for lift in lifts)}."


def _trend_line(
    label: str, unit: str, now: Sequence[float], before: Sequence[float], threshold: float
) -> str:
    if not now:
        return f"{label}: no answers this week."
    line = f"{label}: {_number(round(mean(now), 1))}{unit}"
    direction = trend(now, before, threshold)
    if direction in ("up", "down"):
        line += f", {direction} from {_number(round(mean(before), 1))}"
    elif direction == "steady":
        line += ", steady"
    return line + "."


def _pain_line(facts: WeekFacts) -> str:
    if not facts.pains:
        return "Pain: none reported."
    reports = sorted(facts.pains, key=lambda p: -p.severity)
    words = [f"{p.area} {p.severity}/10{' (new)' if p.new else ''}" for p in reports]
    return f"Pain: {_listed(words)}."


def _habits_line(facts: WeekFacts) -> str:
    words = [f"{h.name} {h.done} of {h.target}" for h in facts.habits]
    return f"Habits: {_listed(words)}."


def _flags_line(facts: WeekFacts) -> str:
    if not facts.flags:
        return "Flagged: nothing."
    ordered = sorted(facts.flags, key=lambda f: f.level != RED)
    shown = [f"{f.text} ({f.level})" for f in ordered[:FLAGS_SHOWN]]
    more = len(ordered) - len(shown)
    return f"Flagged: {'; '.join(shown)}{f'; and {more} more' if more else ''}."


def summarize(facts: WeekFacts) -> Summary:
    """The coach's summary, one fact per line: sessions against plan, best lifts, readiness and
    sleep trend, pain, habits (only when the client has any), anything flagged; and the
    suggested triage outcome."""
    how, reasons = outlook(facts)
    lines = [
        _sessions_line(facts),
        _lifts_line(facts),
        _trend_line(
            "Readiness (1–5)",
            "",
            facts.readiness,
            facts.readiness_before,
            READINESS_TREND_POINTS,
        ),
        _trend_line("Sleep", " h", facts.sleep_hours, facts.sleep_hours_before, SLEEP_TREND_HOURS),
        _pain_line(facts),
    ]
    if facts.habits:
        lines.append(_habits_line(facts))
    lines.append(_flags_line(facts))
    if facts.wants_human_review:
        lines.append("Asked for a person to look at this week.")
    return Summary(outlook=how, suggested=SUGGESTION[how], lines=tuple(lines), reasons=reasons)


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def fill(template: str, values: Mapping[str, str]) -> str:
    """The template with its known placeholders ({name}, {coach}, …) filled; anything else in
    braces is left as written, so an owner's template never breaks a draft."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)


def _split_greeting(body: str) -> tuple[str, str]:
    """A template's first sentence (its greeting) and the rest."""
    match = re.match(r"(.+?[.!?])(\s+|$)(.*)", body.strip(), re.DOTALL)
    if not match:
        return body.strip(), ""
    return match.group(1), match.group(3).strip()


def _sessions_sentence(facts: WeekFacts, dropping: bool) -> str:
    if not facts.planned:
        if not facts.completed:
            return "There were no sessions on your plan this week."
        return f"You trained {_count(facts.completed, 'time')} this week."
    if facts.completed >= facts.planned:
        return f"You got all {_count(facts.planned, 'planned session')} done this week."
    done = f"You did {facts.completed} of your {_count(facts.planned, 'planned session')}"
    if not dropping:
        return f"{done} this week."
    reasons = [SKIP_REASON_WORDS.get(r, r) for r in dict.fromkeys(facts.skip_reasons)]
    because = f" ({_listed(reasons)} got in the way)" if reasons else ""
    return (
        f"{done} this week{because}. No judgement — what made it hard? If fewer days fit your "
        "life right now, we can plan around that."
    )


def _client_sentences(facts: WeekFacts, summary: Summary) -> list[str]:
    """The week said to the client, neutrally and specifically: never shaming a missed session,
    never cheering a lift in a week that needs a person."""
    dropping = sessions_dropping(facts)
    sentences = [_sessions_sentence(facts, dropping)]
    pain = _worst_pain(facts)
    if pain is not None and pain.severity >= NOTABLE_PAIN_SEVERITY:
        sentences.append(
            f"You mentioned {pain.area} pain at {pain.severity}/10 — thank you for telling me."
        )
    if summary.outlook == URGENT:
        sentences.append("Let's hold off on pushing anything until we've spoken.")
        return sentences
    news = [lift for lift in best_lifts(facts) if lift.new_best]
    if news:
        lift = news[0]
        sentences.append(
            f"Your {lift.exercise} hit {_number(lift.load_kg)} kg for {lift.reps} — a new best."
        )
    sleep = trend(facts.sleep_hours, facts.sleep_hours_before, SLEEP_TREND_HOURS)
    readiness = trend(facts.readiness, facts.readiness_before, READINESS_TREND_POINTS)
    if readiness == "down" or sleep == "down":
        low = _listed([w for w, t in (("readiness", readiness), ("sleep", sleep)) if t == "down"])
        sentences.append(f"Your {low} dipped this week, so go by feel and rest well.")
    elif readiness == "up" or sleep == "up":
        sentences.append("Your recovery looks better than the weeks before.")
    return sentences


def draft_reply(facts: WeekFacts, summary: Summary, templates: Mapping[str, Sequence[str]]) -> str:
    """The reply Spotter drafts for the coach: the organization's first reply template for the
    suggested outcome (FALLBACK_TEMPLATES when it has none), its greeting, then the week said to
    the client in plain words, then the rest of the template, signed by the coach."""
    bodies = [b for b in templates.get(summary.suggested, ()) if b.strip()]
    template = bodies[0] if bodies else FALLBACK_TEMPLATES[summary.suggested]
    values = {
        "name": facts.first_name,
        "coach": facts.coach_name,
        "sessions_done": str(facts.completed),
        "sessions_planned": str(facts.planned),
    }
    greeting, rest = _split_greeting(fill(template, values))
    parts = [greeting, " ".join(_client_sentences(facts, summary))]
    if rest:
        parts.append(rest)
    reply = "\n\n".join(parts)
    if facts.coach_name and facts.coach_name not in reply.rsplit("\n", 1)[-1]:
        reply += f"\n\n{facts.coach_name}"
    return reply
