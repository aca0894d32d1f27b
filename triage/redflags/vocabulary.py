"""What each red-flag code looks like in a client's words.

Each ``Concept`` is one finding code with its level and category. Its vocabulary is

- the names and EXACT/NARROW synonyms of Symptom Ontology terms (and their descendants), plus the
  symptom names in ICD-10-CM chapter R titles, for the medical codes (data in ``triage/data``);
- Spotter's own casual phrasing ("chest felt tight", "almost passed out", "couldn't catch my
  breath"), written in the pattern language of ``triage.redflags.tokens``;
- for the non-medical codes (distress, restriction, compulsive exercise, context changes and
  sharp new pain) only Spotter's own phrases, plus ICD's "suicidal ideations" and "anorexia".

Levels: every medical symptom is red except nausea (yellow); emotional distress, extreme
restriction, compulsive exercise and sharp or sudden new pain are red (the brief: these "should
bypass automation entirely"); a context change (new medication, pregnancy, major life stress) is
yellow. Which data words are left out on purpose, and why, is in ``DATA_LABELS_LEFT_OUT``; a
mention inside an exercise name or harmless gym talk ("chest press", "dead bug", pre-workout
tingling) is dropped (``MASKS``).
Everything is built once per process (``functools.cache``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from triage.redflags import data
from triage.redflags.findings import RED, YELLOW, Category, Level
from triage.redflags.tokens import compile_pattern, literal_regex, phrase_tokens

# Data labels longer than this are definitions, not things people write.
MAX_TERM_WORDS = 5
# Shorter labels are abbreviations ("VT", "ro") that collide with ordinary words.
MIN_TERM_LETTERS = 4

# Data labels that would read ordinary talk as a red flag, with the reason each is left out.
DATA_LABELS_LEFT_OUT = {
    "collapse": "knees and squats 'collapse'; fainting is read from 'collapsed on the floor' etc.",
    "faint": "'a faint ache' is not fainting; a casual pattern reads 'felt faint' instead",
    "bradycardia": "a slow resting heart rate is normal in trained people",
    "sinus bradycardia": "a slow resting heart rate is normal in trained people",
    "ventricular bradycardia": "kept out with the other bradycardia terms",
    "alexia": "also a first name ('trained with Alexia')",
}


@dataclass(frozen=True)
class Concept:
    """One finding code: its level, category, a label for the coach's sentence, where its
    vocabulary comes from and Spotter's casual phrases (token patterns)."""

    code: str
    level: Level
    category: Category
    label: str
    ontology_ids: tuple[str, ...] = ()
    icd_codes: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()


_DAYS = "2|3|4|5|6|7|two|three|four|five|six|seven|several|few|couple"
_BODY = "arm|leg|side|hand|face|foot|fingers|body"
_EAT = "eat|eaten|eating|ate|food|anything|meal|meals"
_TRAIN = (
    "train*|exercis*|work_out|working_out|worked_out|workout*|gym|run|ran|running|lift*|session*"
)
_INJURED = "injur*|hurt|hurting|sick|ill|pain|painful|broken|fracture*|exhausted"
_PEOPLE = (
    "mum|mom|mother|dad|father|wife|husband|partner|son|daughter|brother|sister|grandma|"
    "grandpa|gran|nan|grandmother|grandfather|friend|best_friend|uncle|aunt|cousin|dog|cat"
)

CONCEPTS: tuple[Concept, ...] = (
    Concept(
        "chest_pain",
        RED,
        "medical",
        "chest pain, pressure or tightness",
        ontology_ids=("SYMP:0000576", "SYMP:0020031"),  # chest pain, chest discomfort
        icd_codes=("R071", "R0789", "R079"),  # chest pain on breathing, other, unspecified
        phrases=(
            "chest ~3 tight|tightness|pain|pains|painful|pressure|hurt|hurts|hurting|ache|aching|"
            "heavy|heaviness|squeezing|squeeze|crushing|burning|discomfort|weird|funny",
            "tight|tightness|pain|pains|pressure|ache|aching|heaviness|squeezing|crushing|"
            "discomfort|burning|heavy ~1 in|on|across|around ?my|the chest",
            "tight|heavy|crushing|painful chest",
            "elephant ~4 chest",
        ),
    ),
    Concept(
        "dizziness",
        RED,
        "medical",
        "dizziness or light-headedness",
        ontology_ids=(
            "SYMP:0000610",
            "SYMP:0019179",
            "SYMP:0000399",
        ),  # dizziness, lightheaded, vertigo
        icd_codes=("R42",),  # dizziness and giddiness
        phrases=(
            "dizzy|dizziness|woozy",
            "light headed|headedness",
            "head|room|world|everything ~2 spinning|spun|spin",
            "saw|seeing|see|seen stars",
            "head rush|rushes",
            "dizzy spell*",
        ),
    ),
    Concept(
        "fainting",
        RED,
        "medical",
        "fainting or blacking out",
        ontology_ids=("SYMP:0000407",),  # syncope (faint, fainting)
        icd_codes=("R55",),  # syncope and collapse
        phrases=(
            "fainted|fainting|faints|syncope",
            r"re:(?<!\ba )(?<!\bthe )(?<!\bvery )faint(?! (?:ache|pain|twinge|click|clicking|"
            r"sound|noise|line|smell|taste|hope|memory|idea|trace|mark|bruise|soreness|burn|"
            r"crack|pop|tightness|discomfort)\b)",
            r"re:pass(?:ed|ing|es)? out(?! (?:on|in|at) (?:the |my )?(?:couch|sofa|bed)\b| "
            r"(?:early|asleep)\b)",
            "black|blacked|blacking out",
            "everything|world|room ~1 went|goes|going|go black|dark|grey|gray|white",
            "greyed|grayed|greying|graying out",
            "collapsed on|onto|in ?the|my floor|ground",
            r"re:i (?:just |nearly |almost )?collapsed(?! (?:under|at the bottom|on (?:the |my )?"
            r"(?:last|final|bench|squat|rep)))",
            "lost|losing consciousness",
        ),
    ),
    Concept(
        "shortness_of_breath",
        RED,
        "medical",
        "shortness of breath out of proportion",
        ontology_ids=("SYMP:0019153",),  # dyspnea (shortness of breath, breathlessness, ...)
        icd_codes=("R0600", "R0602"),  # dyspnea, shortness of breath
        phrases=(
            "short of breath|breathe",
            "breathless|breathlessness",
            "n't|not|barely|unable catch|get ~1 my|a breath|breathe",
            "n't|not|barely breathe|breath",
            "struggl*|difficult|difficulty|trouble|hard|fighting|fought ~1 breath*",
            "gasping|gasped for ~1 air|breath",
        ),
    ),
    Concept(
        "palpitations",
        RED,
        "medical",
        "palpitations or a racing heart",
        ontology_ids=(
            "SYMP:0000530",
            "SYMP:0000287",
            "SYMP:0000529",
        ),  # palpitation, arrhythmia, tachycardia
        icd_codes=("R002", "R000"),  # palpitations, tachycardia
        phrases=(
            "heart ~2 racing|raced|races|pounding|pounded|pounds|fluttering|fluttered|flutter|"
            "skipping|"
            "skipped|skip|skips|flipping|flipped|thumping|hammering|irregular|"
            "going_crazy|beating_out",
            "racing|pounding|fluttering|irregular|skipped heart|heart_beat|heart_beats",
            "palps|afib|a_fib|atrial_fibrillation",
            "fluttering ~2 chest",
        ),
    ),
    Concept(
        "numbness",
        RED,
        "medical",
        "numbness or tingling",
        ontology_ids=("SYMP:0000834", "SYMP:0000435"),  # hypoesthesia (numbness), paresthesia
        icd_codes=("R202",),  # paresthesia of skin
        phrases=(
            "numb|numbness|tingling|tingly|tingle|tingles|tingled",
            "pins and needles",
            "n't|not feel ~1 my hand|hands|face|fingers|arm|arms|foot|feet|toes|lips",
            "lost feeling in",
        ),
    ),
    Concept(
        "weakness_one_side",
        RED,
        "medical",
        "weakness on one side",
        ontology_ids=("SYMP:0000293", "SYMP:0000706"),  # hemiparesis, facial weakness
        icd_codes=("R29810",),  # facial weakness
        phrases=(
            "weak|weakness on|down one side",
            "one side ~4 weak|weakness|numb|droop|drooping|drooped|dead|limp",
            "face|mouth|smile|eyelid ~2 droop|drooping|drooped|droopy|lopsided",
            "left|right " + _BODY + " ~1 went|felt|was|suddenly|just weak|limp|dead|useless",
            "weakness in ?my|the left|right " + _BODY,
            "sudden weakness",
        ),
    ),
    Concept(
        "vision_or_speech_changes",
        RED,
        "medical",
        "vision or speech changes",
        ontology_ids=(
            "SYMP:0000012",  # blurred vision
            "SYMP:0000258",  # double vision (diplopia)
            "SYMP:0000321",  # loss of vision
            "SYMP:0000627",  # disturbed vision
            "SYMP:0000342",  # slurred speech
            "SYMP:0000414",  # dysarthria
            "SYMP:0000508",  # aphasia
        ),
        icd_codes=("R4701", "R471", "R4781"),  # aphasia, dysarthria, slurred speech
        phrases=(
            "blurry|blurred|fuzzy|tunnel|double|lost|losing|loss_of|weird|patchy vision",
            "vision ~3 blurry|blurred|fuzzy|double|spotty|weird|dimmed|dim|tunnel|black|dark|grey|"
            "gray|white|funny|strange|cut_out",
            "seeing|saw|see double|spots",
            "spots in|across|before ?my vision|eyes",
            "n't|not see properly|clearly|straight|right",
            "slur*|slurring|slurred ~1 words|speech|speaking|talking",
            "slurring|slurred",
            "trouble|difficulty|struggl*|hard_time|hard ~1 speaking|finding_words|find_words|"
            "getting_words|getting_my_words",
            "n't|not speak|talk|get_my_words|find_the_words|find_words|get_words ~1 properly|"
            "clearly|out|right",
            "words ~2 came|coming out wrong|jumbled|garbled|slurred",
        ),
    ),
    Concept(
        "severe_headache",
        RED,
        "medical",
        "a severe headache",
        ontology_ids=("SYMP:0000130",),  # severe headache (a plain headache is not red)
        phrases=(
            "worst|severe|intense|excruciating|blinding|splitting|thunderclap|crushing|massive|"
            "explosive|sudden|terrible|awful|horrible|horrendous|unbearable|agonising|agonizing|"
            "crazy|really_bad|very_bad ~1 headache|headaches|head_pain|migraine",
            "head ~2 pounding|pounded|exploding|exploded|about_to_explode|going_to_explode",
        ),
    ),
    Concept(
        "nausea",
        YELLOW,
        "medical",
        "nausea",
        ontology_ids=("SYMP:0000458",),  # nausea
        icd_codes=("R110",),  # nausea
        phrases=(
            "nausea|nauseous|nauseated|queasy|vomit*|puke|puked|puking",
            "threw|throw|throwing up",
            "sick to ?my stomach",
        ),
    ),
    Concept(
        "new_pain",
        RED,
        "pain",
        "sharp or sudden new pain",
        phrases=(
            "sharp|stabbing|shooting|searing|sudden|electric ~1 pain|pains",
            "pain ~1 shot|shooting",
            "heard|felt ~2 pop|popped|snap|snapped|tear|tearing|rip|ripped",
            "something ~1 popped|snapped|tore|ripped|gave",
            "knee|knees|back|ankle|shoulder|hip ~1 gave|buckled ?out|way",
            "tore|torn|ruptured|ruptur* my",
            "n't put ~1 weight on",
        ),
    ),
    Concept(
        "emotional_distress",
        RED,
        "mental_health",
        "emotional distress",
        icd_codes=("R45851",),  # suicidal ideations
        phrases=(
            r"re:suicidal|suicide(?! (?:sprint|drill|run|line|shuttle)s?\b)",
            "want*|wanna|thinking_about|thinking_of|thoughts_of|thought_about|urge_to|urges_to|"
            "going_to|gonna|tempted_to ~2 kill|killing|harm|harming|hurt|hurting|cut|cutting "
            "myself|my_self",
            "kill|killing|harm|harming myself|my_self",
            "self harm|harming|harmed|hurt|injury",
            "end|ending my life",
            "end|ending it all",
            "take|taking my own life",
            "want|wanna|wanted|wish ~2 die|dead",
            "better off dead|without_me",
            "n't want ~2 live|alive|be_here_anymore|be_around|wake_up",
            r"re:(?:ca n't|n't think i can|cannot) go on(?= (?:like|anymore|any more|living|with "
            r"life)\b|\s*(?:[.!?;,]|$))",
            r"re:hopeless(?:ness)?(?! (?:at|with)\b)",
            "what 's|is the point ~2 anything|anymore|any_more|living|life|it_all|trying|"
            "everything",
            "no point ~2 anything|living|life|going_on|trying|everything|anymore",
            "panic|anxiety attack|attacks",
            "mental|nervous|emotional breakdown",
            "cry|crying|cried ~2 all_the_time|every_day|every_night|constantly|nonstop|non_stop",
        ),
    ),
    Concept(
        "extreme_restriction",
        RED,
        "eating",
        "signs of extreme caloric restriction",
        icd_codes=("R630",),  # anorexia
        phrases=(
            "n't|not|barely|hardly|without eat|eaten|eating|ate|food ~3 "
            + _DAYS
            + " ~1 day|days|week|weeks",
            _DAYS + " ~1 day|days|week|weeks without|no " + _EAT,
            "n't|not eaten|eat|ate ~2 24|36|48|72 hours|hrs|h",
            "skip|skipping|skipped meal|meals|eating ~3 make|cut|lose|drop|lighter|weigh|weight",
            "purge|purging|purged|purges|laxative|laxatives|bulimia|bulimic|anorexic",
            "make|made|making myself sick|throw|vomit*",
            "starve|starving|starved myself|my_self",
            "barely|hardly eating",
            "by|from not|n't|barely eating",
            "n't|not|barely|hardly eaten|eating|ate ~2 all_week|for_a_week|for_days|all_weekend",
            "eat|eating|ate ~2 once|one_meal every " + _DAYS + " days",
            "not eating ~1 anything",
            "eating disorder",
            "water fast|fasting",
            "fasted|fasting ~1 for " + _DAYS + " days",
        ),
    ),
    Concept(
        "compulsive_exercise",
        RED,
        "exercise",
        "signs of compulsive exercise",
        phrases=(
            "n't|not|never|unable stop|rest|skip|miss|quit ~2 " + _TRAIN + " ~5 " + _INJURED,
            _TRAIN + " ~5 through ~2 pain|injur*|fracture|broken",
            "pushed|push|pushing through ~1 injur*|fracture|broken",
            _TRAIN + " ~4 on ?a|an|my broken|fractured|torn|injured|sprained",
            "guilty|guilt|anxious|anxiety|panic|panicky|ashamed|worthless|disgusting ~5 miss|"
            "missed|missing|skip|skipped|skipping|rest ~3 " + _TRAIN + "|day|days",
            "rest_day|rest_days|day_off|days_off|missing_a_session|missing_training|missed_session "
            "~4 anxious|guilty|guilt|panic|panicky|anxiety|awful|terrible|ashamed",
            "anxious|irritable|restless|panicky|guilty ~3 when|if ~2 ca_n't|cannot|can_not|do_n't|"
            "miss|skip ~1 " + _TRAIN,
            _TRAIN + " ~6 even when|if|though ?i ?'m|am|was|feel|felt|feeling|get " + _INJURED,
            "punish|punishing ~1 myself",
            "make_up|compensate|burn_off ~2 what_i_ate|everything_i_ate|what_i_eat|eating|binge",
            "n't|never take ~1 rest_day|rest_days|day_off|days_off|break",
        ),
    ),
    Concept(
        "context_change",
        YELLOW,
        "context",
        "a new medication, pregnancy or major life stress",
        phrases=(
            "new medication|medications|meds|medicine|prescription|pills|tablets|inhaler|"
            "antidepressant|antidepressants",
            "started|starting|start|began|changed|switched|stopped|stopping|increased|reduced|"
            "put_me_on|prescribed|came_off ~2 medication|medications|meds|medicine|pills|"
            "tablets|pill|antidepressant*|ssri*|beta_blocker*|insulin|inhaler|steroid*|"
            "blood_pressure|antibiotics|metformin|ozempic|wegovy|semaglutide|birth_control|hrt",
            "pregnant|pregnancy|expecting_a_baby|we_'re_expecting|trying_to_conceive|ivf|"
            "postpartum|post_partum|gave_birth|newborn|miscarriage|miscarried",
            "my " + _PEOPLE + " ~2 died|passed_away|dying|cancer|funeral|hospital|sick|ill",
            "funeral|bereavement|grieving|grief|death_in_the_family",
            "lost ~1 job|work",
            "laid_off|got_fired|was_fired|been_fired|made_redundant|redundancy|unemployed",
            "divorce|divorced|divorcing|separated|separation|breakup|broke_up|break_up|split_up|"
            "splitting_up",
            "diagnosed with",
            "surgery|operation",
        ),
    ),
)

CONCEPTS_BY_CODE = {concept.code: concept for concept in CONCEPTS}

# Exercise names and gym talk that contain symptom words; a mention overlapping one is dropped.
MASKS = (
    "chest day|press|presses|fly|flies|flyes|workout|session|stretch|stretches|muscle|muscles|"
    "supported|pump|to_bar|pass|passes|opener|openers|strap",
    "dead bug|bugs|hang|hangs|lift|lifts|lifting|stop|stops|ball|balls|weight",
    "faint praise",
    # Pre-workout (beta-alanine) tingling is harmless and expected.
    "pre_workout|preworkout|beta_alanine ~5 tingle|tingly|tingling|tingles|tingled",
    "tingle|tingly|tingling|tingles|tingled ~5 pre_workout|preworkout|beta_alanine",
)


def _usable(label: str) -> bool:
    tokens = phrase_tokens(label)
    letters = sum(len(token) for token in tokens if token.isalpha())
    return (
        0 < len(tokens) <= MAX_TERM_WORDS
        and letters >= MIN_TERM_LETTERS
        and label.lower() not in DATA_LABELS_LEFT_OUT
    )


@cache
def vocabulary() -> dict[str, tuple[str, ...]]:
    """Code -> the symptom names taken from the shipped data (lower case, de-duplicated)."""
    terms: dict[str, tuple[str, ...]] = {}
    for concept in CONCEPTS:
        labels: list[str] = []
        for term_id in concept.ontology_ids:
            labels.extend(data.ontology_labels(term_id))
        for code in concept.icd_codes:
            labels.extend(data.icd_labels(code))
        unique = dict.fromkeys(label.lower() for label in labels if _usable(label))
        terms[concept.code] = tuple(unique)
    return terms


@cache
def masks() -> tuple[re.Pattern[str], ...]:
    return tuple(compile_pattern(mask) for mask in MASKS)


@cache
def matchers() -> tuple[tuple[Concept, tuple[re.Pattern[str], ...]], ...]:
    """Each concept with its compiled patterns: the data vocabulary as one alternation (longest
    first), then each casual phrase."""
    compiled = []
    for concept in CONCEPTS:
        patterns: list[re.Pattern[str]] = []
        terms = sorted(vocabulary()[concept.code], key=len, reverse=True)
        if terms:
            alternation = "|".join(f"(?:{literal_regex(term)})" for term in terms)
            patterns.append(compile_pattern(f"re:(?:{alternation})"))
        patterns.extend(compile_pattern(phrase) for phrase in concept.phrases)
        compiled.append((concept, tuple(patterns)))
    return tuple(compiled)


# Words often misspelled in symptom reports, beyond the single-word data terms.
FUZZY_EXTRA_TARGETS = (
    "chest",
    "dizzy",
    "dizziness",
    "fainted",
    "fainting",
    "headed",
    "breath",
    "breathe",
    "breathing",
    "breathless",
    "headache",
    "palpitations",
    "racing",
    "pounding",
    "fluttering",
    "tingling",
    "blurry",
    "blurred",
    "slurred",
    "slurring",
    "vision",
    "speech",
    "pressure",
    "tightness",
    "severe",
    "nauseous",
    "nausea",
    "numbness",
)


# Words in the raw-regex patterns that a typo correction must leave alone.
RAW_PATTERN_WORDS = frozenset(
    {"faint", "pass", "passed", "passing", "suicide", "suicidal", "hopeless"}
)


@cache
def known_words() -> frozenset[str]:
    """Every literal word of the vocabulary and the casual phrases: real words, never "typos"."""
    words = set(RAW_PATTERN_WORDS)
    for concept in CONCEPTS:
        for term in vocabulary()[concept.code]:
            words.update(phrase_tokens(term))
        for phrase in concept.phrases:
            if phrase.startswith("re:"):
                continue
            for element in phrase.split():
                for alternative in element.lstrip("?").split("|"):
                    if alternative.startswith("~") or alternative.endswith("*"):
                        continue
                    for piece in alternative.split("_"):
                        words.update(phrase_tokens(piece))
    return frozenset(word for word in words if word.isalpha())


@cache
def fuzzy_targets() -> frozenset[str]:
    """The words a typo may be corrected to: one-word medical data terms and FUZZY_EXTRA_TARGETS."""
    targets = set(FUZZY_EXTRA_TARGETS)
    for concept in CONCEPTS:
        if concept.category != "medical":
            continue
        for term in vocabulary()[concept.code]:
            tokens = phrase_tokens(term)
            if len(tokens) == 1 and tokens[0].isalpha():
                targets.add(tokens[0])
    return frozenset(target for target in targets if len(target) >= 5)
