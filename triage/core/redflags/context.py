"""Whether a symptom mentioned in free text is the client's own, current and real.

A mention is set aside (not a finding) when, within its clause, a cue says it is

- negated ("no chest pain", "denies dizziness", "didn't faint", "never had palpitations");
- historical ("chest pain last year", "had chest pain in 2019", "used to get palpitations years
  ago", "my old shoulder injury", "in my twenties"), unless a word of the present is also in
  scope ("again yesterday", "still");
- hypothetical ("what if I get dizzy", "worried I might faint", "risk of fainting"), unless it
  says it happened before ("what if I faint again");
- someone else's ("my dad fainted", "a teammate passed out"), unless the client comes back into
  the sentence ("my wife said I fainted").

The cues are medspaCy's ConText rules (NEGATED_EXISTENCE, HISTORICAL, HYPOTHETICAL, FAMILY and
every TERMINATE rule, shipped in ``triage/data/medspacy-context-rules``) plus Spotter's own for
how clients write (``SPOTTER_CUES``). POSSIBLE_EXISTENCE rules are not used: an uncertain symptom
("might be vertigo", "probably just dizziness") is still a reason for a person to look. A few
medspaCy rules that misread training talk are left out (``MEDSPACY_LEFT_OUT``).

Scope: a cue reaches a mention in its direction (FORWARD, BACKWARD or BIDIRECTIONAL), within
the same clause (clauses end at sentence punctuation and at TERMINATE words such as "but",
"however", "although", "because"), across at most ``window`` other words (other symptom
mentions, punctuation and list words do not count), and not past a comma or "and"/"or"/"then"/
"so" that is followed by more than a list of symptoms, or that follows other words on the cue's
side: "no chest pain, dizziness or nausea" negates all three, "no chest pain, felt dizzy",
"didn't sleep and felt dizzy" and "not sleeping, mental health not great" do not negate what
comes after. A forward cue also stops at a new "I" ("if I stand up fast I get dizzy" is a real
symptom), and another person stops being the subject at any "I", "me" or "my" ("my wife said I
fainted", "everyone would be better off without me"). Pseudo-cues ("not sure", "no idea", "as
if", "can't shake") switch off the cues they contain, and cues inside another mention ("can't
catch my breath") do not reach outside it. A bare answer negates its question ("Any chest pain?
No.", "Chest pain - no"), and an exception undoes a negation ("no chest pain except when I
sprint" is chest pain).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from triage.core.redflags import data
from triage.core.redflags.tokens import (
    PUNCTUATION,
    SENTENCE_END,
    PatternIndex,
    Stream,
    TokenPattern,
    compile_pattern,
    phrase_tokens,
)

NEGATED = "NEGATED_EXISTENCE"
HISTORICAL = "HISTORICAL"
HYPOTHETICAL = "HYPOTHETICAL"
OTHER_PERSON = "FAMILY"  # medspaCy's name; Spotter adds friends, teammates, "someone"
CURRENT = "CURRENT"  # cancels HISTORICAL
RECURRENT = "RECURRENT"  # cancels HYPOTHETICAL (and, being present too, HISTORICAL)
PSEUDO = "PSEUDO"  # switches off the cues it overlaps
EXCEPTION = "EXCEPTION"  # "no chest pain except when I sprint": cancels NEGATED before it
SETTING_ASIDE = frozenset({NEGATED, HISTORICAL, HYPOTHETICAL, OTHER_PERSON})

FORWARD, BACKWARD, BIDIRECTIONAL, TERMINATE = "FORWARD", "BACKWARD", "BIDIRECTIONAL", "TERMINATE"

NEGATION_WINDOW = 4  # "didn't eat breakfast before training, got dizzy" is not a negation
CLAUSE_CUE_WINDOW = 6  # history, hypotheticals and other people reach further

MEDSPACY_CATEGORIES = frozenset({NEGATED, HISTORICAL, HYPOTHETICAL, OTHER_PERSON})
MEDSPACY_LEFT_OUT = {
    "decline": "'a decline in my lifts and dizziness' is not a negation",
    "return": "'since my return to training I've had chest pain' is real",
    "come back for": "clinical ordering language",
    "as needed": "clinical ordering language",
    "checked for": "'got checked for chest pain' means the client had it",
    "test for": "'went to test for the palpitations' means the client had them",
    "evaluate for": "clinical ordering language",
}
# Words in medspaCy's TERMINATE lists that clients use to mean "continuing": "still dizzy".
TERMINATE_WORDS_LEFT_OUT = frozenset({"still"})

# Words that separate the items of a list ("no chest pain, dizziness or nausea").
LIST_WORDS = frozenset({",", "and", "or", "nor", "any", "either", "neither", "also", "even", "/"})
# Words after which a cue stops unless only list words follow.
BREAKS = frozenset({",", "and", "or", "nor", "then", "so", "plus", "which", "who", ":"})
FIRST_PERSON = frozenset({"i", "me", "my", "myself", "mine", "we", "us", "our"})
BARE_ANSWERS = frozenset({"no", "none", "nope", "nah", "negative"})

_PEOPLE = (
    "friend|friends|teammate|teammates|team_mate|roommate|flatmate|colleague|colleagues|coworker|"
    "coworkers|co_worker|someone|somebody|everyone|people|mum|mums|mam|grandma|grandpa|gran|nan|"
    "nana|boyfriend|girlfriend|fiance|fiancee|kid|kids|baby|client|clients|athlete|athletes|guy|"
    "girl|lady|woman|man|bloke|dude"
)
_WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend"

# (category, pattern, direction, window); patterns use triage.core.redflags.tokens' little language.
SPOTTER_CUES: tuple[tuple[str, str, str, int], ...] = (
    (NEGATED, "never", FORWARD, NEGATION_WINDOW),
    (NEGATED, "zero", FORWARD, NEGATION_WINDOW),
    (NEGATED, "none ?of", FORWARD, NEGATION_WINDOW),
    (NEGATED, "none|nope", BACKWARD, NEGATION_WINDOW),
    # A bare answer ends its sentence: "Chest pain - no", "Any dizziness? No."
    (NEGATED, r"re:(?:no|nope|nah|negative)(?= [.!?;]|$)", BACKWARD, NEGATION_WINDOW),
    (
        EXCEPTION,
        "apart_from|aside_from|except|except_for|other_than|besides|only|but "
        "when|during|on|after|if|while|whenever",
        BACKWARD,
        NEGATION_WINDOW,
    ),
    (HISTORICAL, r"re:(?:19|20)\d\d", BIDIRECTIONAL, CLAUSE_CUE_WINDOW),
    (
        HISTORICAL,
        "last|past year|years|month|months|summer|winter|spring|autumn|fall|decade|season|"
        "christmas|semester",
        BIDIRECTIONAL,
        CLAUSE_CUE_WINDOW,
    ),
    (
        HISTORICAL,
        "year|years|month|months|decade|decades ago|back",
        BIDIRECTIONAL,
        CLAUSE_CUE_WINDOW,
    ),
    (HISTORICAL, "used_to|use_to", FORWARD, CLAUSE_CUE_WINDOW),
    (
        HISTORICAL,
        "as a kid|child|teen|teenager|student|junior|youngster",
        BIDIRECTIONAL,
        CLAUSE_CUE_WINDOW,
    ),
    (
        HISTORICAL,
        "when i was younger|little|small|a_kid|a_child|a_teen|a_teenager|in_school|at_school|"
        "in_college|at_college|at_university|at_uni",
        BIDIRECTIONAL,
        CLAUSE_CUE_WINDOW,
    ),
    (HISTORICAL, "in_the_past|childhood|previously|back_in", BIDIRECTIONAL, CLAUSE_CUE_WINDOW),
    # "my old shoulder injury", "a previous knee problem"
    (HISTORICAL, "old|previous|former", FORWARD, 2),
    (
        HISTORICAL,
        "from|at|in uni|university|college|school|my_twenties|my_teens|my_20s|my_30s",
        BIDIRECTIONAL,
        CLAUSE_CUE_WINDOW,
    ),
    (
        CURRENT,
        "today|tonight|yesterday|now|currently|recently|lately|still|this_morning|"
        "this_afternoon|this_evening|this_week|this_weekend|last_night|last_week|last_session|"
        "this_session|these_days|at_the_moment|since_then|ever_since|" + _WEEKDAYS,
        BIDIRECTIONAL,
        CLAUSE_CUE_WINDOW,
    ),
    (CURRENT, "last|past few|couple|2|3|two|three days|weeks|sessions", BIDIRECTIONAL, 6),
    (RECURRENT, "again|another|anymore|still", BIDIRECTIONAL, CLAUSE_CUE_WINDOW),
    (HYPOTHETICAL, "what_if|in_case|unless", FORWARD, CLAUSE_CUE_WINDOW),
    (HYPOTHETICAL, r"re:(?:might|may)(?! (?:have|'ve|be|been|of)\b)", FORWARD, CLAUSE_CUE_WINDOW),
    (
        HYPOTHETICAL,
        "worried|worry|worrying|scared|afraid|terrified|nervous|anxious|concerned|fear|frightened "
        "?that i 'll|will|might|may|could|would|'d|am_going_to|'m_going_to|am_gonna|'m_gonna",
        FORWARD,
        2,
    ),
    (
        HYPOTHETICAL,
        "worried|worry|worrying|scared|afraid|terrified|nervous|anxious|concerned|fear|frightened "
        "about|of ?getting|having|feeling|becoming|going",
        FORWARD,
        0,
    ),
    (HYPOTHETICAL, "avoid|avoiding|prevent|preventing|prevention", FORWARD, 3),
    (HYPOTHETICAL, "chance|chances|odds of|that", FORWARD, 3),
    (HYPOTHETICAL, "warning signs", FORWARD, 3),
    (HYPOTHETICAL, "read|heard|learned|learnt|article|video|podcast ~1 that|about", FORWARD, 3),
    (OTHER_PERSON, _PEOPLE, FORWARD, CLAUSE_CUE_WINDOW),
    (TERMINATE, "whereas|besides|anyway|otherwise|other_than|except_for", TERMINATE, 0),
    (
        PSEUDO,
        "not|n't sure|certain|convinced|know|remember|until|only|just|stop|stopped|shake|gone|"
        "improve|improving|improved|help|better",
        PSEUDO,
        0,
    ),
    (PSEUDO, "n't get_rid|go_away|went_away", PSEUDO, 0),
    (PSEUDO, "sure|unsure|certain|know|idea|clue if|whether", PSEUDO, 0),
    (PSEUDO, "no idea|clue|reason|warning|matter|doubt|wonder|better|change", PSEUDO, 0),
    (PSEUDO, "as if|though", PSEUDO, 0),
    (PSEUDO, "if not", PSEUDO, 0),
)


@dataclass(frozen=True)
class Cue:
    category: str
    regex: TokenPattern
    direction: str
    window: int
    source: str  # "medspacy: <literal>" or "spotter"


@dataclass(frozen=True)
class Placed:
    """A cue found in one text: which tokens [first, last) it covers."""

    cue: Cue
    first: int
    last: int


def _medspacy_element(element: dict) -> str:
    value = element["LOWER"]
    values = value["IN"] if isinstance(value, dict) else [value]
    if isinstance(value, dict) and set(values) & TERMINATE_WORDS_LEFT_OUT:
        values = [v for v in values if v not in TERMINATE_WORDS_LEFT_OUT]
    options = []
    for option in values:
        tokens = phrase_tokens(option) if not option.startswith("'") else (option,)
        if tokens:
            options.append(" ".join(re.escape(token) for token in tokens))
    return "(?:" + "|".join(options) + ")"


def _medspacy_anchors(rule: data.ContextRule) -> frozenset[str] | None:
    """The tokens a medspaCy rule can start with (its first element's, and the second's when
    the first is optional), or None."""
    if rule.pattern is None:
        tokens = phrase_tokens(rule.literal)
        return frozenset(tokens[:1]) if tokens else None
    firsts: set[str] = set()
    for element in rule.pattern[:2]:
        value = element.get("LOWER")
        if value is None:
            return None
        values = value["IN"] if isinstance(value, dict) else [value]
        for option in values:
            tokens = phrase_tokens(option) if not option.startswith("'") else (option,)
            if tokens:
                firsts.add(tokens[0])
        if element.get("OP") != "?":
            return frozenset(firsts)
    return None


def _compile_medspacy(rule: data.ContextRule) -> TokenPattern:
    if rule.pattern is not None and rule.pattern[0].get("OP") == "?":
        first, *rest = rule.pattern
        head = _medspacy_element(first)
        tail = " ".join(
            f"(?: {_medspacy_element(e)})?" if e.get("OP") == "?" else f" {_medspacy_element(e)}"
            for e in rest
        ).replace("  ", " ")
        regex = f"(?:{head} )?" + tail.lstrip()
    elif rule.pattern is not None:
        first, *rest = rule.pattern
        regex = _medspacy_element(first) + "".join(
            f"(?: {_medspacy_element(e)})?" if e.get("OP") == "?" else f" {_medspacy_element(e)}"
            for e in rest
        )
    else:
        regex = " ".join(re.escape(token) for token in phrase_tokens(rule.literal))
    return compile_pattern(f"re:{regex}", _medspacy_anchors(rule))


@cache
def cues() -> tuple[Cue, ...]:
    """Every cue used: medspaCy's (minus MEDSPACY_LEFT_OUT) then SPOTTER_CUES."""
    found: list[Cue] = []
    for rule in data.context_rules():
        if rule.literal in MEDSPACY_LEFT_OUT:
            continue
        if rule.direction == TERMINATE:
            category = TERMINATE
        elif rule.category in MEDSPACY_CATEGORIES:
            category = rule.category
        else:
            continue
        window = NEGATION_WINDOW if category == NEGATED else CLAUSE_CUE_WINDOW
        found.append(
            Cue(
                category,
                _compile_medspacy(rule),
                rule.direction,
                window,
                f"medspacy: {rule.literal}",
            )
        )
    for category, pattern, direction, window in SPOTTER_CUES:
        found.append(Cue(category, compile_pattern(pattern), direction, window, "spotter"))
    return tuple(found)


@cache
def _cue_index() -> PatternIndex:
    return PatternIndex(cue.regex for cue in cues())


_last_placed: list[tuple[str, tuple[tuple[Cue, int, int], ...]]] = []


def _placed_cues(stream: Stream) -> tuple[tuple[Cue, int, int], ...]:
    """Every cue found in a text, remembered for the last text read: the vocabulary reader and
    the pain reader ask about the same note one after the other."""
    remembered = _last_placed[0] if _last_placed else None
    if remembered is not None and remembered[0] == stream.joined:
        return remembered[1]
    every = cues()
    placed = tuple(
        (every[position], first, last)
        for position in _cue_index().candidates(stream)
        for first, last in stream.find(every[position].regex)
    )
    _last_placed[:] = [(stream.joined, placed)]
    return placed


def place_cues(stream: Stream, mentions: Sequence[tuple[int, int]]) -> list[Placed]:
    """The cues in one text, minus those inside a mention or overlapping a pseudo-cue."""
    placed = [Placed(*found) for found in _placed_cues(stream)]
    pseudo = [p for p in placed if p.cue.category == PSEUDO]
    kept = []
    for p in placed:
        if p.cue.category == PSEUDO:
            continue
        if p.cue.category != TERMINATE and any(
            p.first < q.last and q.first < p.last for q in pseudo
        ):
            continue
        if p.cue.category != TERMINATE and any(
            p.first < last and first < p.last for first, last in mentions
        ):
            continue
        kept.append(p)
    return kept


def _ends_clause(words: Sequence[str], index: int) -> bool:
    """Sentence punctuation ends a clause, except a question mark answered by a bare "no"."""
    if words[index] not in SENTENCE_END:
        return False
    if words[index] == "?" and index + 1 < len(words) and words[index + 1] in BARE_ANSWERS:
        return not (index + 2 == len(words) or words[index + 2] in SENTENCE_END)
    return True


def clause_ids(stream: Stream, placed: Sequence[Placed]) -> list[int]:
    """A clause number per token: clauses end at sentence punctuation and TERMINATE cues."""
    words = [token.text for token in stream.tokens]
    ends = [_ends_clause(words, index) for index in range(len(words))]
    for p in placed:
        if p.cue.category == TERMINATE:
            for index in range(p.first, p.last):
                ends[index] = True
    ids, clause = [], 0
    for is_end in ends:
        if is_end:
            clause += 1
        ids.append(clause)
        if is_end:
            clause += 1
    return ids


def _reaches(
    p: Placed,
    first: int,
    last: int,
    stream: Stream,
    clauses: Sequence[int],
    covered: Sequence[bool],
) -> bool:
    """Whether placed cue ``p`` reaches the mention at tokens [first, last)."""
    cue = p.cue
    if p.first < last and first < p.last:
        return False
    forward = p.last <= first
    if forward and cue.direction not in (FORWARD, BIDIRECTIONAL):
        return False
    if not forward and cue.direction not in (BACKWARD, BIDIRECTIONAL):
        return False
    between = range(p.last, first) if forward else range(last, p.first)
    if cue.category == EXCEPTION:
        if any(stream.tokens[index].text in SENTENCE_END for index in between):
            return False
    elif clauses[p.first] != clauses[first]:
        return False
    words = [stream.tokens[index].text for index in between if not covered[index]]
    content = [word for word in words if word not in LIST_WORDS and word not in PUNCTUATION]
    if len(content) > cue.window:
        return False
    broken = False
    for word in words:
        if broken and word not in LIST_WORDS and word not in PUNCTUATION:
            return False
        if word in BREAKS:
            broken = True
    # The cue's own clause ends at a break after other words: "not sleeping, mental health
    # not great" does not negate what follows the comma, "no chest pain, dizziness" does.
    said = False
    for word in words if forward else reversed(words):
        if word in BREAKS and said:
            return False
        if word not in LIST_WORDS and word not in PUNCTUATION:
            said = True
    if cue.category == OTHER_PERSON:
        mention = {stream.tokens[index].text for index in range(first, last)}
        if FIRST_PERSON & (set(words) | mention):
            return False
    if forward and cue.category != OTHER_PERSON:
        for position, word in enumerate(words):
            if word == "i" and any(w not in ("that", "i") for w in words[:position]):
                return False
    return True


def set_aside(stream: Stream, mentions: Sequence[tuple[int, int]]) -> list[frozenset[str]]:
    """For each mention [first, last): the categories that set it aside (empty = it counts)."""
    placed = place_cues(stream, mentions)
    clauses = clause_ids(stream, placed)
    covered = [False] * len(stream.tokens)
    for first, last in mentions:
        for index in range(first, last):
            covered[index] = True
    results = []
    for first, last in mentions:
        found = {
            p.cue.category
            for p in placed
            if p.cue.category != TERMINATE and _reaches(p, first, last, stream, clauses, covered)
        }
        if EXCEPTION in found:
            found.discard(NEGATED)
        if CURRENT in found or RECURRENT in found:
            found.discard(HISTORICAL)
        if RECURRENT in found:
            found.discard(HYPOTHETICAL)
        results.append(frozenset(found & SETTING_ASIDE))
    return results
