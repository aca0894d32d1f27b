"""Free text to a stream of normalized tokens, and a tiny token-pattern language over it.

- Text is split into words, numbers and sentence punctuation; each token remembers where it came
  from in the client's text, so a finding can quote the client's own words.
- Normalizing lower-cases, straightens apostrophes, splits contractions the way medspaCy's rules
  expect ("didn't" -> "did n't", "I'm" -> "i 'm"), repairs a few run-together or apostrophe-less
  spellings ("dont", "heartbeat", "chestpain") and corrects typos of symptom words: an explicit
  list for short words ("dizy") and, for words of at least ``FUZZY_MIN_LENGTH`` letters, the
  closest symptom word by ``difflib`` when it starts with the same letter and is at least
  ``FUZZY_CUTOFF`` similar ("diziness", "chets", "feinted"). Real words that look like symptom
  words ("fasting", "painted") are never corrected.
- A pattern is a space-separated sequence of elements matched against whole tokens:
  ``a|b`` (alternatives), ``word*`` (any ending), ``a_b`` (several tokens as one alternative),
  ``?a|b`` (optional), ``~N`` (up to N other tokens, never across sentence punctuation).
  ``re:`` starts a raw regular expression over the space-joined tokens, for the few phrases that
  need look-arounds.
- A compiled pattern knows the words it can start with (``TokenPattern.anchors``), so a text
  that contains none of them is skipped without running the expression: most patterns are about
  words a given note does not contain, and the reader runs in the request path.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

FUZZY_MIN_LENGTH = 5  # shorter words are too easy to confuse ("numb"/"dumb"); see TYPOS
FUZZY_CUTOFF = 0.8  # difflib ratio: "chets"/"chest" is 0.8, "diziness"/"dizziness" 0.94
FUZZY_MAX_LENGTH_DIFFERENCE = 2

SENTENCE_END = frozenset({".", "!", "?", ";"})
PUNCTUATION = frozenset({".", "!", "?", ";", ",", ":"})

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)*|[.!?;,:]|\n|[❤♥💓💗💖🫀]")
# Emoji that stand for a word ("my ❤️ is racing").
EMOJI_WORDS = {
    "❤": "heart",
    "♥": "heart",
    "💓": "heart",
    "💗": "heart",
    "💖": "heart",
    "🫀": "heart",
    "💔": "heart",
}
_CLITIC = re.compile(r"^(.+?)('s|'m|'re|'ve|'ll|'d)$")

# Whole-token rewrites: missing apostrophes, run-together words, typos under FUZZY_MIN_LENGTH.
TYPOS: dict[str, tuple[str, ...]] = {
    "dont": ("do", "n't"),
    "didnt": ("did", "n't"),
    "doesnt": ("does", "n't"),
    "cant": ("ca", "n't"),
    "cannot": ("can", "not"),
    "couldnt": ("could", "n't"),
    "wasnt": ("was", "n't"),
    "werent": ("were", "n't"),
    "isnt": ("is", "n't"),
    "arent": ("are", "n't"),
    "havent": ("have", "n't"),
    "hasnt": ("has", "n't"),
    "hadnt": ("had", "n't"),
    "wouldnt": ("would", "n't"),
    "shouldnt": ("should", "n't"),
    "wont": ("wo", "n't"),
    "im": ("i", "'m"),
    "ive": ("i", "'ve"),
    "whats": ("what", "'s"),
    "heartbeat": ("heart", "beat"),
    "heartbeats": ("heart", "beats"),
    "chestpain": ("chest", "pain"),
    "lightheaded": ("light", "headed"),
    "lightheadedness": ("light", "headedness"),
    "preworkout": ("pre", "workout"),
    "selfharm": ("self", "harm"),
    "dizy": ("dizzy",),
    "dizz": ("dizzy",),
    "dizzi": ("dizzy",),
    "diz": ("dizzy",),
    "hart": ("heart",),
    "chst": ("chest",),
    "brth": ("breath",),
}

# Real words that a fuzzy match would otherwise turn into a symptom word.
FUZZY_NEVER = frozenset(
    {
        "fasting",
        "fasted",
        "feint",
        "feints",
        "ditzy",
        "flint",
        "painted",
        "painting",
        "nauseam",
        "chess",
        "cheat",
        "cheats",
        "breadth",
        "breather",
        "tinkling",
        "several",
        "raving",
        "facing",
        "rating",
        "prosecco",
        "number",
        "numbers",
        "blunted",
        "blurted",
        "dismiss",
        "dizzily",
    }
)


@dataclass(frozen=True)
class Token:
    """A normalized token and the span of the client's words it came from."""

    text: str
    start: int
    end: int


def _split_word(word: str) -> tuple[str, ...]:
    word = word.lower().replace("’", "'")
    if word in TYPOS:
        return TYPOS[word]
    if word.endswith("n't") and word != "n't":
        return (word.removesuffix("n't"), "n't")
    clitic = _CLITIC.match(word)
    if clitic:
        return (clitic.group(1), clitic.group(2))
    return (word,)


def tokenize(
    text: str,
    fuzzy_targets: frozenset[str] = frozenset(),
    known_words: frozenset[str] = frozenset(),
) -> tuple[Token, ...]:
    """Normalized tokens with their spans in ``text``; a newline reads as a full stop. Words may
    be corrected to one of ``fuzzy_targets``, never when they are in ``known_words``."""
    tokens: list[Token] = []
    for match in _TOKEN.finditer(text):
        raw = match.group()
        if raw == "\n":
            tokens.append(Token(".", match.start(), match.start()))
            continue
        if raw in EMOJI_WORDS:
            tokens.append(Token(EMOJI_WORDS[raw], match.start(), match.end()))
            continue
        if raw[0].isdigit():
            tokens.append(Token(raw.replace(",", ""), match.start(), match.end()))
            continue
        for part in _split_word(raw):
            word = corrected(part, fuzzy_targets, known_words)
            tokens.append(Token(word, match.start(), match.end()))
    return tuple(tokens)


@lru_cache(maxsize=8192)
def corrected(word: str, fuzzy_targets: frozenset[str], known_words: frozenset[str]) -> str:
    """The symptom word ``word`` is a typo of, or ``word`` itself."""
    if (
        len(word) < FUZZY_MIN_LENGTH
        or word in fuzzy_targets
        or word in known_words
        or word in FUZZY_NEVER
        or not word.isalpha()
    ):
        return word
    candidates = [
        target
        for target in fuzzy_targets
        if target[0] == word[0] and abs(len(target) - len(word)) <= FUZZY_MAX_LENGTH_DIFFERENCE
    ]
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=FUZZY_CUTOFF)
    return close[0] if close else word


def phrase_tokens(phrase: str) -> tuple[str, ...]:
    """A vocabulary phrase split and normalized exactly like client text (no typo correction)."""
    return tuple(token.text for token in tokenize(phrase))


# --- the pattern language ---------------------------------------------------------------------

_GAP_TOKEN = r"[^ .!?;]+"
_START = r"(?<![^ ])"  # at the start or after a space
_END = r"(?= |$)"


def _piece_regex(piece: str) -> str:
    if piece.endswith("*"):
        return re.escape(piece[:-1]) + r"[\w']*"
    if piece.startswith("'"):
        return re.escape(piece)
    parts = phrase_tokens(piece)
    if not parts:
        raise ValueError(f"empty pattern word: {piece!r}")
    return " ".join(re.escape(part) for part in parts)


def _element_regex(element: str) -> str:
    """``a|b_c|d*``: alternatives; ``_`` joins several tokens into one alternative."""
    alternatives = [
        " ".join(_piece_regex(piece) for piece in alternative.lower().split("_"))
        for alternative in element.split("|")
    ]
    return "(?:" + "|".join(alternatives) + ")"


@dataclass(frozen=True)
class TokenPattern:
    """A compiled pattern and the tokens it can start with (None: any, not worth knowing)."""

    regex: re.Pattern[str]
    anchors: frozenset[str] | None = None


def _anchors(element: str) -> frozenset[str] | None:
    """The first tokens of a pattern's first element, or None when one is a prefix ("train*")."""
    firsts = set()
    for alternative in element.split("|"):
        piece = alternative.lower().split("_")[0]
        if piece.endswith("*"):
            return None
        tokens = (piece,) if piece.startswith("'") else phrase_tokens(piece)
        if not tokens:
            return None
        firsts.add(tokens[0])
    return frozenset(firsts)


def compile_pattern(pattern: str, anchors: frozenset[str] | None = None) -> TokenPattern:
    """Compile one pattern of the little language described in the module docstring. A raw
    ``re:`` pattern may be given its ``anchors``; otherwise it is always run."""
    if pattern.startswith("re:"):
        return TokenPattern(re.compile(_START + pattern[3:].strip() + _END), anchors)
    pieces: list[str] = []
    for element in pattern.split():
        if element.startswith("~"):
            pieces.append(f"(?: {_GAP_TOKEN}){{0,{int(element[1:])}}}")
            continue
        optional = element.startswith("?")
        body = _element_regex(element.lstrip("?"))
        if not pieces:
            if optional:
                raise ValueError(f"a pattern must not start optional: {pattern!r}")
            pieces.append(body)
        elif optional:
            pieces.append(f"(?: {body})?")
        else:
            pieces.append(f" {body}")
    return TokenPattern(re.compile(_START + "".join(pieces) + _END), _anchors(pattern.split()[0]))


def literal_regex(phrase: str, *, plural: bool = True) -> str:
    """A vocabulary term as a token regex; its last word may take or drop a plural "s"."""
    parts = [re.escape(part) for part in phrase_tokens(phrase)]
    if not parts:
        raise ValueError(f"empty phrase: {phrase!r}")
    if plural and parts[-1].isalpha():
        last = parts[-1]
        plural_s = last.endswith("s") and not last.endswith("ss")  # "palpitations", not "dizziness"
        parts[-1] = f"{last[:-1]}(?:s)?" if plural_s else f"{last}(?:e?s)?"
    return " ".join(parts)


class PatternIndex:
    """Many patterns, indexed by the words they can start with: ``candidates(stream)`` gives the
    positions of the patterns worth running on a stream, in their original order."""

    def __init__(self, patterns: Iterable[TokenPattern]) -> None:
        self.patterns = tuple(patterns)
        self.always = frozenset(i for i, p in enumerate(self.patterns) if p.anchors is None)
        by_word: dict[str, set[int]] = {}
        for index, pattern in enumerate(self.patterns):
            for word in pattern.anchors or ():
                by_word.setdefault(word, set()).add(index)
        self.by_word = {word: frozenset(indexes) for word, indexes in by_word.items()}

    def candidates(self, stream: Stream) -> list[int]:
        found = set(self.always)
        for word in stream.vocabulary:
            found.update(self.by_word.get(word, ()))
        return sorted(found)


@dataclass(frozen=True)
class Stream:
    """Tokens joined by single spaces, so that patterns are regular expressions over one string."""

    tokens: tuple[Token, ...]
    joined: str
    offsets: tuple[int, ...]  # where each token starts in ``joined``
    vocabulary: frozenset[str] = frozenset()  # every token, to skip patterns that cannot match

    @classmethod
    def of(cls, tokens: Iterable[Token]) -> Stream:
        tokens = tuple(tokens)
        offsets, position = [], 0
        for token in tokens:
            offsets.append(position)
            position += len(token.text) + 1
        joined = " ".join(token.text for token in tokens)
        return cls(tokens, joined, tuple(offsets), frozenset(token.text for token in tokens))

    def token_span(self, start: int, end: int) -> tuple[int, int]:
        """Character span in ``joined`` -> [first, last) token indexes."""
        first = self.offsets.index(start)
        last = first
        while last < len(self.offsets) and self.offsets[last] < end:
            last += 1
        return first, last

    def words(self, text: str, first: int, last: int) -> str:
        """The client's own words for tokens [first, last)."""
        return text[self.tokens[first].start : self.tokens[last - 1].end]

    def find(self, pattern: TokenPattern) -> list[tuple[int, int]]:
        """Token spans [first, last) where ``pattern`` matches."""
        if pattern.anchors is not None and pattern.anchors.isdisjoint(self.vocabulary):
            return []
        spans = []
        for match in pattern.regex.finditer(self.joined):
            if match.end() == match.start():
                continue
            spans.append(self.token_span(match.start(), match.end()))
        return spans
