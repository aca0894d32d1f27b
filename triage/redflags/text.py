"""Reading a check-in's free text: every mention of a red-flag concept that is the client's own,
current and real becomes a finding.

- Mentions come from the vocabulary (``triage.redflags.vocabulary``) after typo correction; a
  mention overlapping an exercise name ("chest press", "dead bug") is dropped.
- A daily intake of ``EXTREME_RESTRICTION_KCAL`` or less ("eating 500 calories", "only 700
  cals") is extreme restriction; burned calories, deficits and "a 500 calorie snack" are not.
- Negated, historical, hypothetical and other people's mentions are set aside
  (``triage.redflags.context``).
- Findings are de-duplicated per code; each quotes the client's words.
"""

from __future__ import annotations

from triage.redflags import context, vocabulary
from triage.redflags.findings import Finding, deduplicated
from triage.redflags.tokens import SENTENCE_END, Stream, tokenize

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


def _overlaps(first: int, last: int, spans: list[tuple[int, int]]) -> bool:
    return any(first < end and start < last for start, end in spans)


def mentions(text: str) -> tuple[Stream, list[tuple[vocabulary.Concept, int, int]]]:
    """The token stream of ``text`` and every concept mention in it, in reading order."""
    stream = Stream.of(tokenize(text, vocabulary.fuzzy_targets(), vocabulary.known_words()))
    masked = [span for mask in vocabulary.masks() for span in stream.find(mask)]
    found: list[tuple[vocabulary.Concept, int, int]] = []
    for concept, patterns in vocabulary.matchers():
        for pattern in patterns:
            for first, last in stream.find(pattern):
                if not _overlaps(first, last, masked):
                    found.append((concept, first, last))
    restriction = vocabulary.CONCEPTS_BY_CODE["extreme_restriction"]
    found.extend((restriction, first, last) for first, last in _calorie_mentions(stream))
    found.sort(key=lambda mention: (mention[1], -mention[2]))
    return stream, found


def sentence_for(concept: vocabulary.Concept, words: str) -> str:
    """One sentence for the coach about a mention in the notes."""
    return f'The check-in notes mention {concept.label}: "{words}".'


def read_text(text: str) -> list[Finding]:
    """Findings in free text: one per code, red first, each quoting the client's words."""
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
    return list(deduplicated(findings))
