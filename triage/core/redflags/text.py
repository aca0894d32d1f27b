"""Reading a check-in's free text: every mention of a red-flag concept that is the client's own,
current and real becomes a finding.

- Mentions come from the vocabulary (``triage.core.redflags.vocabulary``) after typo correction; a
  mention overlapping an exercise name ("chest press", "dead bug") or a figure of speech ("my
  head is spinning with deadlines") is dropped.
- A racing heart or breathlessness is ordinary in hard effort: a mention marked so by the
  vocabulary is dropped when its sentence names hard effort (``HARD_EFFORT``) and nothing out of
  proportion (``OUT_OF_PROPORTION``: at rest, on an easy jog, for an hour, for no reason).
- Pain is read by ``triage.core.redflags.pain`` (graded mild, moderate or severe), naming the exercise
  from the client's own exercise names when the shell passes them.
- A daily intake of ``EXTREME_RESTRICTION_KCAL`` or less ("eating 500 calories", "only 700
  cals") is extreme restriction; burned calories, deficits and "a 500 calorie snack" are not.
- Negated, historical, hypothetical and other people's mentions are set aside
  (``triage.core.redflags.context``).
- Findings are de-duplicated per code; each quotes the client's words.
"""

from __future__ import annotations

from functools import cache

from triage.core.redflags import context, pain, vocabulary
from triage.core.redflags.findings import Finding, deduplicated
from triage.core.redflags.tokens import (
    SENTENCE_END,
    PatternIndex,
    Stream,
    TokenPattern,
    compile_pattern,
    tokenize,
)
from triage.core.wording import end_sentence

# A very-low-calorie diet is 800 kcal a day or less; clients choosing that alone need a person.
EXTREME_RESTRICTION_KCAL = 800
KCAL_LOOKBACK_TOKENS = 4  # how far before the number an eating word may be ("eating like 500")

KCAL_UNITS = frozenset({"kcal", "kcals", "cal", "cals", "calorie", "calories"})
KCAL_EATING_WORDS = frozenset(
    {
        "eat",
        "eating",
        "ate",
        "eaten",
        "eats",
        "consume",
        "consuming",
        "intake",
        "on",
        "only",
        "under",
        "below",
        "than",
        "barely",
        "just",
        "max",
        "maximum",
        "diet",
        "off",
        "living",
        "surviving",
        "having",
        "had",
    }
)
KCAL_NOT_EATING_WORDS = frozenset(
    {
        "burn",
        "burned",
        "burnt",
        "burning",
        "burns",
        "deficit",
        "surplus",
        "cut",
        "cutting",
        "expended",
        "active",
        "watch",
        "tracker",
        "did",
        "bike",
        "rower",
        "workout",
        "session",
        "class",
    }
)
KCAL_NOT_AFTER = frozenset(
    {
        "deficit",
        "surplus",
        "less",
        "fewer",
        "more",
        "under",
        "below",
        "over",
        "above",
        "lower",
        "higher",
        "burn",
        "burned",
        "burnt",
        "snack",
        "meal",
        "meals",
        "bar",
        "shake",
        "lunch",
        "breakfast",
        "dinner",
        "dessert",
        "portion",
        "serving",
        "drink",
        "smoothie",
        "protein",
    }
)
# "a 500 calorie snack": singular "calorie" followed by a word is an adjective, not an intake.
KCAL_SINGULAR_FOLLOWERS = frozenset(
    {"a", "per", "each", "every", "daily", "today", "and", "or", "diet", "day", "days", "limit"}
)


def _calorie_mentions(stream: Stream) -> list[tuple[int, int]]:
    """Token spans of a stated daily intake at or under EXTREME_RESTRICTION_KCAL."""
    tokens = [token.text for token in stream.tokens]
    spans = []
    for index, word in enumerate(tokens):
        if word not in KCAL_UNITS or index == 0:
            continue
        number_at = index - 1
        multiplier = 1
        if tokens[number_at] == "k" and number_at > 0:
            number_at, multiplier = number_at - 1, 1000
        try:
            kcal = float(tokens[number_at]) * multiplier
        except ValueError:
            continue
        if kcal > EXTREME_RESTRICTION_KCAL:
            continue
        following = tokens[index + 1] if index + 1 < len(tokens) else "."
        if following in KCAL_NOT_AFTER:
            continue
        if (
            word == "calorie"
            and following not in SENTENCE_END
            and following not in KCAL_SINGULAR_FOLLOWERS
            and following != ","
        ):
            continue
        before = []
        for earlier in range(number_at - 1, max(number_at - 1 - KCAL_LOOKBACK_TOKENS, -1), -1):
            if tokens[earlier] in SENTENCE_END:
                break
            before.append(tokens[earlier])
        if KCAL_NOT_EATING_WORDS & set(before) or not KCAL_EATING_WORDS & set(before):
            continue
        spans.append((number_at, index + 1))
    return spans


HARD_EFFORT = (
    "sprint|sprints|sprinting|interval|intervals|repeats|hill|hills|hiit|metcon|finisher|burpee|"
    "burpees|amrap|emom|tabata|max|maximal|all_out|1rm|pb|pr|race|racing|parkrun|k|assault_bike|"
    "airbike|wall_balls|circuit|crossfit|class|spin|run|running|session|workout|training|set|"
    "sets|lift|lifting|deadlift|deadlifts|squat|squats|effort|conditioning|cardio|rower|rowing|"
    "bike|hard|heavy|intense|brutal|tough|reps|wod|efforts|push|pushing"
)
OUT_OF_PROPORTION = (
    "even|just|only|easy|easiest|gentle|slow|slowly|light|walking|walk|walked|stairs|steps|"
    "flight|rest|resting|sitting|sat|lying|lay|lie|bed|sofa|couch|desk|tv|telly|sleep|asleep|"
    "woke|waking|night|nothing|randomly|random|nowhere|ages|hours|hour|settle|long_after|still|"
    "warm_up|warmup|warm|cooldown|cool_down|never|unusual|weird|scary|scared|worried|worrying|"
    "chest|dizzy|home|shower|shopping|car|work|lately|reason|n't|not|like_me"
)
DIGIT_HARD_EFFORT = frozenset({"400", "800", "200", "100", "1500", "5", "10"})


@cache
def _effort_patterns() -> tuple[TokenPattern, TokenPattern]:
    return compile_pattern(HARD_EFFORT), compile_pattern(OUT_OF_PROPORTION)


def ordinary_in_hard_effort(stream: Stream, first: int) -> bool:
    """Whether the sentence of the token at ``first`` names hard effort and nothing out of
    proportion with it ("heart racing after the hill sprints", not "heart racing at rest")."""
    start = first
    while start > 0 and stream.tokens[start - 1].text not in SENTENCE_END:
        start -= 1
    end = first
    while end < len(stream.tokens) and stream.tokens[end].text not in SENTENCE_END:
        end += 1
    hard, out_of_proportion = _effort_patterns()
    in_sentence = [span for span in stream.find(hard) if start <= span[0] < end]
    digits = any(stream.tokens[i].text in DIGIT_HARD_EFFORT for i in range(start, end))
    if not in_sentence and not digits:
        return False
    return not any(start <= span[0] < end for span in stream.find(out_of_proportion))


@cache
def _indexes() -> tuple[PatternIndex, PatternIndex, list[tuple[vocabulary.Concept, bool]]]:
    """The masks and every concept pattern, indexed by first word (built once)."""
    flat = [
        (concept, pattern, hard_effort)
        for concept, patterns in vocabulary.matchers()
        for pattern, hard_effort in patterns
    ]
    return (
        PatternIndex(vocabulary.masks()),
        PatternIndex(pattern for _, pattern, _ in flat),
        [(concept, hard_effort) for concept, _, hard_effort in flat],
    )


def _overlaps(first: int, last: int, spans: list[tuple[int, int]]) -> bool:
    return any(first < end and start < last for start, end in spans)


def read_stream(text: str) -> Stream:
    """The normalized token stream of a note, typos corrected."""
    return Stream.of(tokenize(text, vocabulary.fuzzy_targets(), vocabulary.known_words()))


def mentions(
    text: str, stream: Stream | None = None
) -> tuple[Stream, list[tuple[vocabulary.Concept, int, int]]]:
    """The token stream of ``text`` and every concept mention in it, in reading order."""
    stream = stream or read_stream(text)
    masks, matchers, flat = _indexes()
    masked = [
        span for index in masks.candidates(stream) for span in stream.find(masks.patterns[index])
    ]
    found: list[tuple[vocabulary.Concept, int, int]] = []
    for index in matchers.candidates(stream):
        concept, hard_effort = flat[index]
        for first, last in stream.find(matchers.patterns[index]):
            if _overlaps(first, last, masked):
                continue
            if hard_effort and ordinary_in_hard_effort(stream, first):
                continue
            own = [span for mask in vocabulary.unless(concept.code) for span in stream.find(mask)]
            if own and _overlaps(first, last, own):
                continue
            found.append((concept, first, last))
    restriction = vocabulary.CONCEPTS_BY_CODE["extreme_restriction"]
    found.extend((restriction, first, last) for first, last in _calorie_mentions(stream))
    found.sort(key=lambda mention: (mention[1], -mention[2]))
    return stream, found


def sentence_for(concept: vocabulary.Concept, words: str) -> str:
    """One sentence for the coach about a mention in the notes."""
    return end_sentence(f'The check-in notes mention {concept.label}: "{words}"')


def read_text(
    text: str, exercise_names: tuple[str, ...] = (), *, stopped_training: bool = False
) -> list[Finding]:
    """Findings in free text: one per code, red first, each quoting the client's words.
    ``exercise_names``: the client's own exercises, to name the one a pain came with;
    ``stopped_training``: the client skipped a session because of this pain."""
    if not text or not text.strip():
        return []
    stream, found = mentions(text)
    aside = context.set_aside(stream, [(first, last) for _, first, last in found])
    findings = []
    for (concept, first, last), reasons in zip(found, aside, strict=True):
        if reasons:
            continue
        words = stream.words(text, first, last)
        findings.append(
            Finding(
                concept.code, concept.level, words, sentence_for(concept, words), concept.category
            )
        )
    mentioned = pain.pain_mentions(
        stream, text, tuple(exercise_names), stopped_training=stopped_training
    )
    findings.extend(pain.pain_findings(mentioned))
    return list(deduplicated(findings))
