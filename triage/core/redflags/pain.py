"""Pain, read like a coach reads it: where it is, how bad, what it stopped, and how soon a person
should look.

The grade (one rule, ``grade_pain``, for the check-in's pain field, a session skipped for pain
and pain in the notes):

- severe (red, ``new_pain``): a warning sign (sharp, sudden, popped or torn, swelling, getting
  worse, with numbness, gave way or locked, cannot bear weight or move it, "agony") or a severity
  of ``SEVERE_PAIN_MIN_SEVERITY``/10 or more;
- moderate (yellow, same day, ``moderate_pain``): a severity of ``MODERATE_PAIN_MIN_SEVERITY`` to
  ``SEVERE_PAIN_MIN_SEVERITY`` - 1, pain that stopped an exercise or a session, or said to be
  bad ("really hurts", "killing me");
- mild (yellow, within a day, ``mild_new_pain``): anything else, of any severity.

What counts as pain in the notes (``pain_mentions``):

- a pain word and a body area in the same clause, within ``PAIN_AREA_WINDOW`` words ("knee's a bit
  achy", "pain behind my knee", "tweaked my back"). Joints (knee, shoulder, lower back...) take
  any pain word; muscles take only injury words ("pulled", "strained", "twinge", "pain") because
  "sore", "aching", "hurt" and "killing me" about a muscle are training soreness; whole limbs and
  "everything" take only injury words too ("legs are sore" is green);
- an injury event at a body area, even without a pain word ("felt something pop in my knee",
  "ankle is swollen", "knee locked");
- a twinge, tweak or niggle without an area ("tweaked something on the last rep"), and any pain
  word with a warning sign ("sharp pain on the run").

Not pain: training soreness said as such ("DOMS", "good sore"), soreness, aching or stiffness that
eased ("stiff at first, fine once warm"), figures of speech ("a pain in the neck"), somebody else's
pain ("his back"), and pain that is negated, in the past or hypothetical
(``triage.core.redflags.context``). A body area that is part of an exercise name ("hip thrusts",
"calf raises") is the exercise, not the area.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from coaching.core.traffic_light import RED, YELLOW
from triage.core.redflags import context
from triage.core.redflags.exercises import ExerciseMention
from triage.core.redflags.exercises import mentions as exercise_mentions
from triage.core.redflags.findings import Finding
from triage.core.redflags.tokens import (
    SENTENCE_END,
    PatternIndex,
    Stream,
    TokenPattern,
    compile_pattern,
)
from triage.core.wording import end_sentence

PAIN_SEVERITY_SCALE = 10
MODERATE_PAIN_MIN_SEVERITY = 4
SEVERE_PAIN_MIN_SEVERITY = 7
PAIN_AREA_WINDOW = 5  # words between a pain word and its body area ("knee's been a bit achy")
QUOTE_MAX_CHARS = 160

MILD, MODERATE, SEVERE = "mild", "moderate", "severe"
GRADE_RANK = {MILD: 0, MODERATE: 1, SEVERE: 2}
GRADE_CODES = {MILD: "mild_new_pain", MODERATE: "moderate_pain", SEVERE: "new_pain"}
GRADE_LEVELS = {MILD: YELLOW, MODERATE: YELLOW, SEVERE: RED}
GRADE_LABELS = {MILD: "Mild pain", MODERATE: "Moderate pain", SEVERE: "Severe or sharp pain"}
PAIN_CODES = frozenset(GRADE_CODES.values()) | {"known_pain_high"}

JOINT, MUSCLE, WHOLE = "joint", "muscle", "whole"

# (name for the coach, kind, pattern). Longer patterns win where two overlap ("hip flexor").
BODY_AREAS: tuple[tuple[str, str, str], ...] = (
    ("lower back", JOINT, "lower|low|lumbar back|spine"),
    ("upper back", JOINT, "upper|mid|middle back"),
    ("back", JOINT, "back|spine|disc|disk"),
    ("knee", JOINT, "knee|knees|kneecap|kneecaps|patella|patellar|acl|mcl|meniscus"),
    ("shoulder", JOINT, "shoulder|shoulders|rotator_cuff|ac_joint"),
    ("hip", JOINT, "hip|hips"),
    ("elbow", JOINT, "elbow|elbows"),
    ("wrist", JOINT, "wrist|wrists"),
    ("ankle", JOINT, "ankle|ankles"),
    ("neck", JOINT, "neck"),
    ("Achilles", JOINT, "achilles|achillies|achilles_tendon"),
    ("heel", JOINT, "heel|heels"),
    ("foot", JOINT, "foot|feet|arch|arches|plantar"),
    ("toe", JOINT, "toe|toes"),
    ("shin", JOINT, "shin|shins"),
    ("ribs", JOINT, "rib|ribs"),
    ("collarbone", JOINT, "collarbone|clavicle"),
    ("thumb", JOINT, "thumb|thumbs"),
    ("finger", JOINT, "finger|fingers|knuckle|knuckles"),
    ("jaw", JOINT, "jaw"),
    ("tailbone", JOINT, "tailbone|coccyx"),
    ("SI joint", JOINT, "si_joint|sacroiliac"),
    ("IT band", JOINT, "it_band|itb"),
    ("tendon", JOINT, "tendon|tendons|ligament|ligaments"),
    ("hip flexor", MUSCLE, "hip_flexor|hip_flexors|psoas"),
    ("hamstring", MUSCLE, "hamstring|hamstrings|hammy|hammies"),
    ("calf", MUSCLE, "calf|calves"),
    ("quad", MUSCLE, "quad|quads|quadricep|quadriceps|thigh|thighs"),
    ("glute", MUSCLE, "glute|glutes|buttock|buttocks"),
    ("groin", MUSCLE, "groin|adductor|adductors"),
    ("bicep", MUSCLE, "bicep|biceps"),
    ("tricep", MUSCLE, "tricep|triceps"),
    ("pec", MUSCLE, "pec|pecs"),
    ("lats", MUSCLE, "lat|lats"),
    ("traps", MUSCLE, "trap|traps"),
    ("forearm", MUSCLE, "forearm|forearms"),
    ("abs", MUSCLE, "abs|oblique|obliques|core"),
    ("delts", MUSCLE, "delt|delts"),
    ("leg", MUSCLE, "leg"),
    ("arm", MUSCLE, "arm"),
    ("hand", JOINT, "hand"),
    ("muscle", MUSCLE, "muscle"),
    ("legs", WHOLE, "legs"),
    ("arms", WHOLE, "arms|hands"),
    ("body", WHOLE, "body|everything|all_over"),
)
SIDES = frozenset({"left", "right", "both"})
# "back" is a body area only after these words, at the start of a clause or before a pain word;
# otherwise it is "back to training", "came back", "back in 2019".
BACK_AFTER = frozenset({"my", "the", "lower", "low", "upper", "mid", "middle", "his", "her"})
OTHER_PEOPLES = frozenset({"his", "her", "their", "your", "'s"})

# Pain words. Injury words make any body area painful; soreness words only a joint.
INJURY_WORDS = (
    "pain|pains|painful|twinge|twinges|twinged|twinging|twingy|tweak|tweaked|tweaky|niggle|"
    "niggles|niggled|niggling|niggly|pinch|pinches|pinching|pinchy|pinched|strain|strained|pulled|"
    "sprain|sprained|injured|injury|injuries|jarred|twisted|rolled|flared|flare|flares|flaring|"
    "acting_up|playing_up|giving_me_grief|giving_me_jip|giving_me_gip|giving_me_trouble|"
    "bothering_me|bothering|bothers|bugging|aggravated|irritated|inflamed|tendinitis|tendonitis|tendinopathy|bursitis|"
    "impingement|sciatica|shin_splints|splints|plantar_fasciitis|tennis_elbow|golfers_elbow|"
    "runners_knee|jumpers_knee|slipped|bulging|discomfort|tender|grumpy|agony|agonising|"
    "agonizing|throb|throbs|throbbing|stabbing|shooting|grumbly|grumbling|cranky|angry|"
    "because_of|cos_of|cause_of|coz_of|due_to",
    # "my back went on the deadlift", "calf pinged mid sprint"
    "back|knee|knees|calf|hamstring|hammy|shoulder|ankle|hip|groin|neck|achilles|quad|bicep|pec|"
    "wrist|elbow went|gone|goes|pinged|twanged|popped|clicked|tweaked ~1 on|during|doing|when|in|"
    "at|mid|while",
    "something ~1 went|gone|gave|popped|snapped|tore|pinged|clicked|twanged ~2 in|on|during|at",
    # a rating next to a body area is pain: "knee is 5/10 on the stairs"
    r"re:\d{1,2}(?:\.\d)?(?: (?:out of|outta|of))? 10(?= |$)",
)
SORENESS_WORDS = (
    "hurt|hurts|hurting|sore|soreness|ache|aches|ached|aching|achy|achey|achiness|stiff|stiffness|"
    "killing_me|not_right|n't_feel_right",
    "feels|felt|feeling ~2 off|funny|weird|wrong|strange|odd",
)
# Said without a body area, these still mean the client hurt something.
WITHOUT_AREA = (
    "twinge|twinges|twinged|tweak|tweaked|niggle|niggles|niggled|pinch|pinched|pinching",
    "pulled|strained|tweaked|hurt|injured|tore|popped something",
    "it ?really|still hurts|hurt|aches|pinches|twinges when|whenever|if|on|during|at",
)

# Warning signs, each with the word the coach reads. Events (``EVENT_SIGNS``) are pain at a body
# area by themselves; the others only grade a pain that is there.
WARNING_SIGNS: tuple[tuple[str, str], ...] = (
    ("sharp", "sharp|stabbing|shooting|searing|electric|knife"),
    ("sudden", "sudden|suddenly|out_of_nowhere|all_of_a_sudden"),
    (
        "popped or tore",
        "pop|popped|popped_out|came_out|dislocated|dislocation|snap|snapped|crack|cracked|tore|"
        "torn|tear|tearing|ripped|rupture|ruptured|broke|broken|fracture|fractured|kicked_me|"
        "shot_me",
    ),
    (
        "swelling",
        "swelling|swollen|swelled|swell|swells|puffy|puffed|ballooned|bruised|bruising|"
        "hot_to_touch|hot_to_the_touch",
    ),
    ("getting worse", "worse|worsening|worst"),
    ("with numbness", "numb|numbness|tingling|tingly|tingles|pins_and_needles|lost_feeling"),
    (
        "cannot bear weight or move it",
        "n't|cannot|not|unable_to|barely|hardly walk|stand|straighten|straighten_it|bend|bend_it|"
        "put_weight|"
        "bear_weight|weight_bear|lift_my_arm|lift_it|raise_my_arm|raise_it|move_it|move_my",
    ),
    (
        "gave way or locked",
        "gave_way|gave_out|giving_way|gives_way|buckled|buckling|locked|locking|locked_up|"
        "went_from_under_me",
    ),
    (
        "severe",
        "excruciating|agony|agonising|agonizing|unbearable|severe|horrendous|screaming|"
        "crippling|debilitating|worst_pain",
    ),
)
EVENT_SIGNS = frozenset(
    {"popped or tore", "swelling", "cannot bear weight or move it", "gave way or locked"}
)
# Pain that stopped an exercise or the session, or said to be bad: moderate at least.
STOPPED_TRAINING = (
    "had_to_stop|pulled_out|bailed|bail|gave_up|called_it|limping|limp|hobbling",
    "stopped|stop ~1 the|my|running|training|lifting|squatting|early|after|halfway|half_way|mid|"
    "there|it|them|doing|that",
    "cut ~3 short",
    "n't|cannot|not|unable_to finish|complete|do|continue|carry_on|keep_going|get_through|manage|"
    "run|train|squat|lift|press|jump|bench|deadlift|lunge",
    "too ~2 much|painful|sore|bad to",
    "skipped|skip_it|skip_the",
    "left ~3 out",
    "ended ~2 early|session",
    "woke_me|woke_me_up|keeps_me_up|kept_me_up",
)
SAID_TO_BE_BAD = (
    "killing_me|hurts_a_lot|hurt_a_lot|a_lot_of_pain|lots_of_pain|hurts_like_hell|in_a_lot_of_pain|"
    "too_much|too_painful|too_sore",
    "really|very|super|so|properly|seriously|extremely painful|sore|hurts|hurting|bad",
)
# Soreness, aching or stiffness said to have eased, or training soreness said as such.
EASED = (
    "loosened|loosen|loosens|eased|eases|easing|ease|settled|settles|sorted|better|improving|"
    "improved|healed|recovered|gone|cleared|went_away|goes_away|wore_off|wears_off|warmed_up|"
    "warming_up|once_warm|fine_after|fine_once|fine_now|no_longer",
)
TRAINING_SORENESS = (
    "doms|muscle_soreness|muscle_sore|muscles_sore|good_sore|good_pain|good_hurt|normal_soreness|"
    "usual_soreness|the_good_kind|good_way",
)
# Figures of speech and words that contain a pain or area word.
NOT_PAIN = (
    "a|such_a|what_a|real|right|royal|total|proper pain ?in_the neck|arse|ass|butt|bum|backside",
    "hurt|hurts|hurting my|the feelings|pride|wallet|ego|bank|budget",
    "foam rolled|rolling|roll",
    "pain free|free|less",
    "painfree|painless",
    "growing pains",
    "stopped|stop|stops hurting|aching|bothering|twinging|niggling|hurt",
)
# "Back" at the start of a clause and before these words is a return, not a body area.
BACK_RETURNING = frozenset({"to", "in", "on", "from", "off", "home", "again", "into", "at"})

# Numbers that rate pain: "3/10", "4 out of 10", "about a 5", "pain 6".
_RATED = re.compile(
    r"(?<![\d.])(\d{1,2}(?:\.\d)?)\s*(?:(?:-|–|to)\s*(\d{1,2}(?:\.\d)?)\s*)?"
    r"(?:/|out\s+of|outta|of)\s*10(?!\d)",
    re.I,
)
_SAID = re.compile(
    r"\b(?:a|an|like|about|around|maybe|roughly|approx|approximately|at|pain|is|was|its|it's|"
    r"level|solid)\s+(?:a\s+)?(\d{1,2}(?:\.\d)?)(?![\d.])(?!\s*(?:-|–|to)\s*\d)"
    r"(?!\s*(?:/|kg|kgs|k\b|km|lb|lbs|mi\b|miles?|reps?|sets?|x\b|min|mins|minutes?|secs?|"
    r"seconds?|s\b|hours?|hrs?|h\b|days?|weeks?|months?|years?|am\b|pm\b|%|times|sessions?|"
    r"bpm|cals?\b|kcal|calories|m\b|ish\b|th\b|st\b|nd\b|rd\b|more|o'clock|oclock))",
    re.I,
)
# A number after these words rates something else ("RPE 8", "session was 9/10").
NOT_PAIN_RATINGS = re.compile(
    r"\b(?:rpe|effort|session|workout|sleep|energy|mood|stress|motivation|readiness|rating|"
    r"difficulty|week|day|training|run|lift|squat|bench|deadlift)\b[^.!?;,]{0,12}$",
    re.I,
)


def grade_pain(severity: int | None, *, warning: bool = False, stopped: bool = False) -> str:
    """Severe with a warning sign or severity >= SEVERE_PAIN_MIN_SEVERITY; moderate with a
    severity of MODERATE_PAIN_MIN_SEVERITY or more, or pain that stopped training; else mild."""
    if warning or (severity is not None and severity >= SEVERE_PAIN_MIN_SEVERITY):
        return SEVERE
    if stopped or (severity is not None and severity >= MODERATE_PAIN_MIN_SEVERITY):
        return MODERATE
    return MILD


def finding_for_grade(grade: str, words: str, text: str) -> Finding:
    """A pain finding: the grade's code and level, the client's words and the coach's sentence."""
    return Finding(GRADE_CODES[grade], GRADE_LEVELS[grade], words, text, "pain")


def severity_in(sentence: str) -> int | None:
    """The highest pain rating in a sentence ("3/10", "4-5 out of 10", "about a 6"), or None.
    Ratings of something else ("RPE 8", "session was a 9/10") do not count."""
    ratings: list[float] = []
    for match in _RATED.finditer(sentence):
        if NOT_PAIN_RATINGS.search(sentence[: match.start()]):
            continue
        ratings.extend(float(group) for group in match.groups() if group)
    if not ratings:
        for match in _SAID.finditer(sentence):
            if NOT_PAIN_RATINGS.search(sentence[: match.start()]):
                continue
            ratings.append(float(match.group(1)))
    ratings = [rating for rating in ratings if 0 <= rating <= PAIN_SEVERITY_SCALE]
    return math.ceil(max(ratings)) if ratings else None


# --- compiled vocabulary ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Vocabulary:
    areas: tuple[tuple[str, str, TokenPattern], ...]
    injury: tuple[TokenPattern, ...]
    soreness: tuple[TokenPattern, ...]
    without_area: tuple[TokenPattern, ...]
    warnings: tuple[tuple[str, TokenPattern], ...]
    stopped: tuple[TokenPattern, ...]
    bad: tuple[TokenPattern, ...]
    eased: tuple[TokenPattern, ...]
    training_soreness: tuple[TokenPattern, ...]
    not_pain: tuple[TokenPattern, ...]


@cache
def vocabulary() -> _Vocabulary:
    """Every pattern above, compiled once per process."""
    return _Vocabulary(
        areas=tuple((name, kind, compile_pattern(p)) for name, kind, p in BODY_AREAS),
        injury=tuple(compile_pattern(p) for p in INJURY_WORDS),
        soreness=tuple(compile_pattern(p) for p in SORENESS_WORDS),
        without_area=tuple(compile_pattern(p) for p in WITHOUT_AREA),
        warnings=tuple((label, compile_pattern(p)) for label, p in WARNING_SIGNS),
        stopped=tuple(compile_pattern(p) for p in STOPPED_TRAINING),
        bad=tuple(compile_pattern(p) for p in SAID_TO_BE_BAD),
        eased=tuple(compile_pattern(p) for p in EASED),
        training_soreness=tuple(compile_pattern(p) for p in TRAINING_SORENESS),
        not_pain=tuple(compile_pattern(p) for p in NOT_PAIN),
    )


# --- reading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Area:
    name: str  # with its side: "left knee"
    kind: str
    first: int
    last: int


@dataclass(frozen=True)
class PainMention:
    """One pain in the notes: where, how it was graded and why, and the client's sentence."""

    area: str | None
    grade: str
    severity: int | None
    warnings: tuple[str, ...]
    stopped: bool
    exercise: str | None
    words: str


def _overlaps(first: int, last: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(first < end and start < last for start, end in spans)


def _sentence_ids(stream: Stream) -> list[int]:
    ids, sentence = [], 0
    for token in stream.tokens:
        ids.append(sentence)
        if token.text in SENTENCE_END:
            sentence += 1
    return ids


def _areas(stream: Stream, blocked: list[tuple[int, int]]) -> list[Area]:
    """Body areas of the client's own, longest first where two overlap, outside exercise names
    and figures of speech."""
    words = [token.text for token in stream.tokens]
    found: list[Area] = []
    areas = vocabulary().areas
    candidates = [
        (first, last, *areas[index][:2])
        for index in _area_index().candidates(stream)
        for first, last in stream.find(areas[index][2])
    ]
    candidates.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    taken: list[tuple[int, int]] = []
    for first, last, name, kind in candidates:
        if _overlaps(first, last, taken) or _overlaps(first, last, blocked):
            continue
        before = words[first - 1] if first > 0 else "."
        if before in OTHER_PEOPLES:
            continue
        if name == "back" and not _is_the_back(words, first, before):
            continue
        side = before if before in SIDES else None
        taken.append((first, last))
        found.append(Area(f"{side} {name}" if side else name, kind, first, last))
    return found


@cache
def _area_index() -> PatternIndex:
    return PatternIndex(pattern for _, _, pattern in vocabulary().areas)


def _is_the_back(words: list[str], first: int, before: str) -> bool:
    """ "my back", "the back", "lower back", or "Back twinged" at the start of a clause; not
    "came back", "back to training", "back in 2019"."""
    if before in BACK_AFTER:
        return True
    after = words[first + 1] if first + 1 < len(words) else "."
    return before in SENTENCE_END | {","} and after not in BACK_RETURNING


def _in_scope(spans: Iterable[tuple[int, int]], scope: range) -> list[tuple[int, int]]:
    return [(first, last) for first, last in spans if first in scope]


def _nearest(spans: Iterable[tuple[int, int]], first: int, last: int) -> tuple[int, int] | None:
    return min(spans, key=lambda s: min(abs(s[0] - last), abs(first - s[1])), default=None)


@dataclass(frozen=True)
class _Found:
    """Everything the pain rules look at in one note, found once."""

    stream: Stream
    text: str
    sentence_of: list[int]
    exercises: list[ExerciseMention]
    areas: list[Area]
    injury: list[tuple[int, int]]
    soreness: list[tuple[int, int]]
    warnings: list[tuple[str, tuple[int, int]]]
    stopped: list[tuple[int, int]]
    eased: list[tuple[int, int]]
    training_soreness: list[tuple[int, int]]


def _find(stream: Stream, text: str, exercise_names: tuple[str, ...]) -> _Found:
    vocab = vocabulary()
    exercises = exercise_mentions(stream, text, exercise_names)
    not_pain = [span for pattern in vocab.not_pain for span in stream.find(pattern)]

    def spans(patterns: Iterable[TokenPattern]) -> list[tuple[int, int]]:
        return [span for pattern in patterns for span in stream.find(pattern)]

    return _Found(
        stream=stream,
        text=text,
        sentence_of=_sentence_ids(stream),
        exercises=exercises,
        areas=_areas(stream, [(e.first, e.last) for e in exercises] + not_pain),
        injury=[span for span in spans(vocab.injury) if not _overlaps(*span, not_pain)],
        soreness=[span for span in spans(vocab.soreness) if not _overlaps(*span, not_pain)],
        warnings=[(label, span) for label, p in vocab.warnings for span in stream.find(p)],
        stopped=spans(vocab.stopped + vocab.bad),
        eased=spans(vocab.eased),
        training_soreness=spans(vocab.training_soreness),
    )


@cache
def _pain_word_index() -> PatternIndex:
    vocab = vocabulary()
    events = [p for label, p in vocab.warnings if label in EVENT_SIGNS]
    return PatternIndex([*vocab.injury, *vocab.soreness, *vocab.without_area, *events])


def _may_mention_pain(stream: Stream) -> bool:
    """Whether any pain word, injury event or pain phrase can be in the note at all (most notes
    have none: the rest of the pain reader is skipped for them)."""
    index = _pain_word_index()
    return any(stream.find(index.patterns[i]) for i in index.candidates(stream))


def _candidates(found: _Found) -> list[tuple[tuple[int, int], Area | None]]:
    """(pain words, body area) pairs, the rules of "what counts as pain" in the module
    docstring: pain word and area, injury event and area, then pain without an area."""
    candidates: list[tuple[tuple[int, int], Area | None]] = []
    used_areas: set[int] = set()
    words = [(span, True) for span in found.injury] + [(span, False) for span in found.soreness]
    for span, injury_word in words:
        area = _area_for(span, found.areas, found.sentence_of, injury_word)
        if area is not None:
            candidates.append((span, area))
            used_areas.add(area.first)
    for label, span in found.warnings:
        if label not in EVENT_SIGNS:
            continue
        window = len(found.sentence_of)
        area = _area_for(span, found.areas, found.sentence_of, True, window=window)
        if area is not None and area.first not in used_areas:
            candidates.append((span, area))
            used_areas.add(area.first)
    paired = [span for span, _ in candidates]
    for pattern in vocabulary().without_area:
        for span in found.stream.find(pattern):
            if not _overlaps(*span, paired):
                candidates.append((span, None))
    for span in found.injury:
        if span not in paired and _warned_without_area(found, span):
            candidates.append((span, None))
    return candidates


def _warned_without_area(found: _Found, span: tuple[int, int]) -> bool:
    """A pain word without an area counts when its sentence has a grading warning sign ("sharp
    pain on the run"); events and "worse" need an area."""
    scope = range(*_sentence_bounds(found.sentence_of, span[0]))
    return any(
        label not in EVENT_SIGNS and label != "getting worse" and s[0] in scope
        for label, s in found.warnings
    )


def _is_not_a_finding(
    found: _Found, scope: range, injury_word: bool, mild: bool, severity: int | None
) -> bool:
    """Mild soreness or pain that eased, soreness said to be training soreness, and pain rated
    0/10 are not findings."""
    if severity == 0 and mild:
        return True
    if not mild:
        return False
    eased = bool(_in_scope(found.eased, scope))
    doms = bool(_in_scope(found.training_soreness, scope))
    return eased or (not injury_word and doms)


def _exercise_near(found: _Found, span: tuple[int, int], scope: range) -> str | None:
    """The exercise named nearest the pain in its sentence, if any."""
    in_scope = [(e.first, e.last) for e in found.exercises if e.first in scope]
    near = _nearest(in_scope, *span)
    return next((e.name for e in found.exercises if (e.first, e.last) == near), None)


def pain_mentions(
    stream: Stream,
    text: str,
    exercise_names: tuple[str, ...] = (),
    *,
    stopped_training: bool = False,
) -> list[PainMention]:
    """Every pain in the notes that is the client's own and current, graded (rules in the module
    docstring), one per body area and sentence. ``stopped_training``: the client skipped a
    session for it."""
    if not _may_mention_pain(stream):
        return []
    found = _find(stream, text, exercise_names)
    candidates = _candidates(found)
    if not candidates:
        return []
    # Negated, historical, hypothetical or somebody else's pain, and negated warning signs.
    spans = [span for span, _ in candidates] + [span for _, span in found.warnings]
    aside = context.set_aside(stream, spans)
    kept = [c for c, reasons in zip(candidates, aside, strict=False) if not reasons]
    warnings = [
        (label, span)
        for (label, span), reasons in zip(found.warnings, aside[len(candidates) :], strict=True)
        if not reasons
    ]
    mentions: list[PainMention] = []
    seen: set[tuple[int, int]] = set()
    for span, area in sorted(kept, key=lambda c: c[0]):
        start, end = _scope(found.sentence_of, span, [c[0] for c in kept])
        scope = range(start, end)
        sentence = text[stream.tokens[start].start : stream.tokens[end - 1].end]
        signs = tuple(dict.fromkeys(label for label, s in warnings if s[0] in scope))
        stopped = stopped_training or bool(_in_scope(found.stopped, scope))
        severity = severity_in(sentence)
        grade = grade_pain(severity, warning=bool(signs), stopped=stopped)
        injury_word = area is None or _overlaps(*span, found.injury)
        if _is_not_a_finding(found, scope, injury_word, grade == MILD, severity):
            continue
        key = (start, area.first if area else -1)
        if key in seen:
            continue
        seen.add(key)
        mentions.append(
            PainMention(
                area=area.name if area else None,
                grade=grade,
                severity=severity,
                warnings=signs,
                stopped=stopped,
                exercise=_exercise_near(found, span, scope),
                words=_quote(sentence),
            )
        )
    return mentions


def _sentence_bounds(sentence_of: list[int], index: int) -> tuple[int, int]:
    sentence = sentence_of[index]
    start = index
    while start > 0 and sentence_of[start - 1] == sentence:
        start -= 1
    end = index
    while end < len(sentence_of) and sentence_of[end] == sentence:
        end += 1
    return start, end


def _scope(
    sentence_of: list[int], span: tuple[int, int], all_spans: Iterable[tuple[int, int]]
) -> tuple[int, int]:
    """The mention's sentence, and the next one when it has no pain of its own ("Knee pain on
    lunges. About 5/10.")."""
    start, end = _sentence_bounds(sentence_of, span[0])
    if end < len(sentence_of):
        next_start, next_end = _sentence_bounds(sentence_of, end)
        if not any(next_start <= s[0] < next_end for s in all_spans):
            end = next_end
    return start, end


def _area_for(
    span: tuple[int, int],
    areas: list[Area],
    sentence_of: list[int],
    strong: bool,
    window: int = PAIN_AREA_WINDOW,
) -> Area | None:
    """The nearest body area in the pain word's sentence, within ``window`` words, that this
    kind of pain word makes painful (soreness words: joints only). An injury event ("popped",
    "swollen") reaches the whole sentence."""
    best = None
    for area in areas:
        if sentence_of[area.first] != sentence_of[span[0]]:
            continue
        if area.first < span[1] and span[0] < area.last:
            distance = 0  # the area is part of the pain phrase ("my back went on the deadlift")
        elif area.last <= span[0]:
            distance = span[0] - area.last
        else:
            distance = area.first - span[1]
        if distance < 0 or distance > window:
            continue
        if not strong and area.kind != JOINT:
            continue
        if strong and area.kind == WHOLE:
            continue
        if best is None or distance < best[0]:
            best = (distance, area)
    return best[1] if best else None


def _quote(sentence: str) -> str:
    sentence = sentence.strip()
    return sentence if len(sentence) <= QUOTE_MAX_CHARS else sentence[: QUOTE_MAX_CHARS - 1] + "…"


def describe(mention: PainMention) -> str:
    """One sentence for the coach: grade, area, exercise, rating and why."""
    where = f" in the {mention.area}" if mention.area else " (area not named)"
    exercise = f" with {mention.exercise}" if mention.exercise else ""
    why = []
    if mention.severity is not None:
        why.append(f"{mention.severity}/10")
    why.extend(mention.warnings)
    if mention.stopped and mention.grade != MILD:
        why.append("stopped training or said to be bad")
    details = f" ({', '.join(why)})" if why else ""
    return end_sentence(
        f'{GRADE_LABELS[mention.grade]}{where}{exercise}{details}: "{mention.words}"'
    )


def pain_findings(mentions: list[PainMention]) -> list[Finding]:
    """One finding per grade present, naming every area (and exercise) of that grade."""
    findings = []
    for grade in (SEVERE, MODERATE, MILD):
        of_grade = [m for m in mentions if m.grade == grade]
        if not of_grade:
            continue
        text = " ".join(describe(m) for m in of_grade)
        words = "; ".join(dict.fromkeys(m.words for m in of_grade))
        findings.append(finding_for_grade(grade, words, text))
    return findings
