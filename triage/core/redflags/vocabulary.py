"""What each red-flag code looks like in a client's words.

Each ``Concept`` is one finding code with its level and category. Its vocabulary is

- the names and EXACT/NARROW synonyms of Symptom Ontology terms (and their descendants), plus the
  symptom names in ICD-10-CM chapter R titles, for the medical codes (data in ``triage/data``);
- Spotter's own casual phrasing ("chest felt tight", "almost passed out", "heart doing
  somersaults"), written in the pattern language of ``triage.core.redflags.tokens``;
- for the non-medical codes only Spotter's own phrases, plus ICD's "suicidal ideations" and
  "anorexia".

Levels, each a decision:

- red (a person within the hour): every medical symptom but nausea and exertional headache;
  self-harm and suicidal thoughts; hopelessness and acute distress ("can't cope", panic attacks);
  extreme restriction (fasting or purging to make weight, a very low intake, days without food);
  training through injury or illness; confusion.
- yellow: nausea; a headache brought on by exertion; low mood, stress or burn-out; disordered
  eating short of extreme restriction (bingeing, guilt or fear around food); guilt or anxiety
  about missing training, training to "burn off" food, never resting; a context change (new
  medication, pregnancy, bereavement, job loss).

Pain has its own reader (``triage.core.redflags.pain``). Which data words are left out on purpose is
in ``DATA_LABELS_LEFT_OUT``. A mention inside an exercise name or gym talk ("chest press", "dead
bug"), or inside a figure of speech ("my head is spinning with deadlines", "chest felt tight in
the stretch", "these burpees make me want to die"), is dropped (``MASKS``, ``FIGURATIVE``). A
racing heart or breathlessness during hard effort, with nothing out of proportion, is ordinary
(``Concept.hard_effort_phrases``, ``triage.core.redflags.text``).
Everything is built once per process (``functools.cache``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from triage.core.redflags import data
from triage.core.redflags.findings import RED, YELLOW, Category, Level
from triage.core.redflags.tokens import TokenPattern, compile_pattern, literal_regex, phrase_tokens

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
    "sinus tachycardia": "a fast heart during exercise is normal; casual phrases cover the rest",
}


@dataclass(frozen=True)
class Concept:
    """One finding code: its level, category, a label for the coach's sentence, where its
    vocabulary comes from and Spotter's casual phrases (token patterns). Mentions from
    ``hard_effort_phrases`` (and from the data vocabulary when ``data_in_hard_effort``) are
    ordinary when the sentence is about hard effort and says nothing out of proportion."""

    code: str
    level: Level
    category: Category
    label: str
    ontology_ids: tuple[str, ...] = ()
    icd_codes: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    hard_effort_phrases: tuple[str, ...] = ()
    data_in_hard_effort: bool = False
    unless: tuple[str, ...] = ()  # a mention overlapping one of these is not this concept


_DAYS = "2|3|4|5|6|7|two|three|four|five|six|seven|several|few|couple"
_BODY = "arm|leg|side|hand|face|foot|fingers|body"
_EAT = "eat|eaten|eating|ate|food|anything|meal|meals"
_TRAIN = (
    "train*|exercis*|work_out|working_out|worked_out|workout*|gym|run|ran|running|lift*|session*"
)
_INJURED = (
    "injur*|hurt|hurting|sick|ill|illness|pain|painful|broken|fracture*|sprain*|torn|exhausted|"
    "fever|flu|covid|infection|virus|vomiting|throwing_up"
)
_ILL = (
    "fever|flu|covid|infection|virus|chest_infection|stomach_bug|sick|ill|illness|temperature|temp|"
    "pneumonia|bronchitis|food_poisoning|tonsillitis|strep|gastro|norovirus|sickness_bug|"
    "vomiting_bug|concussion"
)
_HURT = "fracture|fractured|stress_fracture|broken|torn|tear|injury|injured|sprain|sprained"
_PEOPLE = (
    "mum|mom|mother|dad|father|wife|husband|partner|son|daughter|brother|sister|grandma|"
    "grandpa|grandad|granddad|granny|nanna|gran|nan|grandmother|grandfather|friend|best_friend|"
    "uncle|aunt|cousin|dog|cat|stepdad|stepmum|stepmom|fiance|fiancee|girlfriend|boyfriend|mate"
)
_WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend"
_WEIGHT_GOAL = (
    "make_weight|making_weight|made_weight|weigh_in|weigh_ins|weighin|weigh|the_scale|drop|lose|"
    "losing|cut|shed|get_lighter|be_lighter|lighter|lean_out|the_comp|comp|the_fight|fight|"
    "the_meet|the_shoot|photoshoot|shoot|gain|gaining|weight|kilos|kg|pounds|lbs|stone"
)
_HEADACHE = (
    "headache|headaches|migraine|migraines|bad_head|sore_head|head_pain|head_pressure|"
    "pressure_in_my_head|pounding_head|throbbing_head|banging_head|thumping_head"
)
_HEAD_HURTS = (
    "head ~2 pounding|pounded|pounds|throbbing|throbbed|throbs|hurts|hurt|hurting|aches|aching|"
    "killing_me|splitting"
)
_STRAIN = (
    "lift*|squat*|deadlift*|bench*|press*|heavy|strain*|set|sets|rep|reps|sprint*|train*|"
    "workout*|session*|run|runs|running|exercis*|gym|effort|pushing|class|classes"
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
            "chest|breastbone|sternum ~4 tight|tightness|pain|pains|painful|pressure|hurt|hurts|"
            "hurting|ache|aching|heavy|heaviness|squeezing|squeeze|crushing|burning|discomfort|"
            "weird|funny",
            "tight|tightness|pain|pains|pressure|ache|aching|heaviness|squeezing|crushing|"
            "discomfort|burning|heavy ~1 in|on|across|around|behind ~4 chest|breastbone|sternum",
            "tight|heavy|crushing|painful chest",
            "chest ~5 squeezed|crushed|clamped|vice",
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
            "dizzy|dizziness|woozy|giddy",
            "head|room ~2 swimming|swam|swims",
            "swimmy|spinny|floaty",
            "light headed|headedness",
            "head|room|world|everything ~2 spinning|spun|spin",
            "room|world|everything|floor ~2 tilted|tilting|tilt|swaying|swayed|moving|spinning",
            "saw|seeing|see|seen stars",
            "head rush|rushes",
            "dizzy spell*",
            "unsteady|off_balance on ?my feet",
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
            "everything|world|room|vision ~1 went|goes|going|go black|dark|grey|gray|white",
            "went|going|go grey|gray|white",
            "greyed|grayed|greying|graying out",
            "collapsed on|onto|in ?the|my floor|ground",
            r"re:(?:i |^|\. )(?:just |nearly |almost )?collapsed(?! (?:under|at the bottom|on "
            r"(?:the |my )?(?:last|final|bench|squat|rep)))",
            "lost|losing consciousness",
            "keeled|keel|keeling|keels over",
            "hit the deck",
            "out cold",
            "out|unconscious for ~1 a|few|couple ~1 sec|secs|second|seconds|moment|moments",
            "lights ~1 went|go|going|goes out for ~1 a|few ~1 sec|secs|second|seconds|moment|bit",
            "woke|came_to|come_to ~1 on the|my floor|ground|grass|pavement|track",
        ),
    ),
    Concept(
        "shortness_of_breath",
        RED,
        "medical",
        "shortness of breath out of proportion",
        ontology_ids=("SYMP:0019153",),  # dyspnea (shortness of breath, breathlessness, ...)
        icd_codes=("R0600", "R0602"),  # dyspnea, shortness of breath
        hard_effort_phrases=(
            "short of breath|breathe",
            "breathing|breath ~4 hard|difficult|laboured|labored|a_struggle|tough|tight|wheezy",
            "breathless|breathlessness",
            "out of breath|puff",
            "n't|not|barely|unable catch|get ~3 breath|breathe",
            "n't|not|barely breathe|breath",
            "struggl*|difficult|difficulty|trouble|hard|fighting|fought ~1 breath*",
            "gasping|gasped|wheezing|wheezy",
        ),
        data_in_hard_effort=True,
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
            "heart|ticker|pulse ~5 fluttering|fluttered|flutter|flutters|skipping|skipped|skip|skips|"
            "missing|missed|flipping|flipped|flips|flip|stutter|stutters|stuttering|stuttered|"
            "irregular|haywire|all_over_the_place|jumping|jumped|somersaults|somersault|"
            "summersaults|backflips|cartwheels|flip_flops|flip_flopping|misfiring|paused|pausing|"
            "stopped|stopping|stop|stops",
            "heart ~3 galloping|gallop|gallops|galloped",
            "fluttery|flutterly|fluttering_feeling|flutter_feeling ~4 chest|heart",
            "heart ~2 doing|did|does|going|went|goes ~1 somersaults|flips|backflips|cartwheels|"
            "crazy|mental|nuts|wild|haywire|weird|funny|strange|mad",
            "skipped|missed|extra|missing|dropped|irregular|weird|funny beats|beat|heart_beat|"
            "heart_beats",
            "fluttering|flutter|flutters|thud|thuds|thump|thumps ~3 chest",
            "out of my chest|ribcage",
            "palps|afib|a_fib|atrial_fibrillation|ectopic|ectopics|arrhythmia",
            "heart ~3 wouldn't|would_n't|won't|wo_n't|didn't|did_n't slow|settle|calm|come_down",
        ),
        hard_effort_phrases=(
            "heart|ticker|pulse|hr ~2 racing|raced|races|race|pounding|pounded|pounds|thumping|"
            "thumped|hammering|hammered|beating_fast|going_crazy|going_mad|going_nuts|going_mental|"
            "banging|bursting|like_the_clappers|going_like_the_clappers",
            "racing|pounding|thumping|hammering heart|heart_beat|heart_beats|pulse",
            r"re:(?:heart rate|heart-rate|hr|pulse|bpm)(?: [^ .!?;]+){0,4} (?:1[5-9]\d|2\d\d)"
            r"(?: bpm)?",
            r"re:(?:1[5-9]\d|2\d\d) ?(?:bpm|beats)",
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
            "pins and|n needles",
            "n't|not feel ~1 my hand|hands|face|fingers|arm|arms|foot|feet|toes|lips",
            "lost|losing|no feeling|sensation in",
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
            "one side ~4 weak|weakness|numb|droop|drooping|drooped|droopy|dead|limp|floppy|useless|"
            "heavy|tingly",
            "face|mouth|smile|eyelid ~2 droop|drooping|drooped|droopy|lopsided|sagging|sagged",
            "left|right " + _BODY + " ~1 went|felt|was|suddenly|just weak|limp|useless|floppy",
            "left|right " + _BODY + " ~1 went|goes|going|suddenly|just dead",
            "left|right " + _BODY + " ~5 weak|weakness|limp|useless|floppy",
            "weakness in ?my|the left|right " + _BODY,
            "left|right hand|arm|leg ~1 could|would|can|ca|did n't grip|hold|lift|move|work",
            "arm|leg|hand ~1 went|goes|going limp|floppy|useless",
            "n't|not|barely lift|raise|move|use|grip ~1 my|the left|right arm|leg|hand",
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
            "vision|eyesight|sight ~3 blurry|blurred|fuzzy|double|doubled|spotty|weird|dimmed|dim|"
            "tunnel|black|"
            "dark|grey|gray|white|funny|strange|cut_out",
            "seeing|saw|see double|spots",
            "spots in|across|before ?my vision|eyes",
            "n't|not see properly|clearly|straight|right",
            "slur*|slurring|slurred|slurry ~1 words|speech|speaking|talking",
            "slurring|slurred|slurry",
            "speech|talking|voice ~3 weird|funny|strange|slurred|slurry|wrong|garbled|jumbled",
            "trouble|difficulty|struggl*|hard_time|hard ~1 speaking|finding_words|find_words|"
            "finding_my_words|getting_words|getting_my_words",
            "n't|not speak|talk|get_my_words|find_the_words|find_words|find_my_words|get_words|"
            "get_the_words ~1 properly|clearly|out|right",
            "words ~2 came|coming|come out ~2 wrong|jumbled|garbled|slurred|funny|weird|muddled",
            "n't|not find_my_words|find_the_words|get_my_words_out|get_the_words_out",
        ),
    ),
    Concept(
        "confusion",
        RED,
        "medical",
        "confusion or disorientation",
        phrases=(
            "felt|feel|feeling|was|got|really|very|totally|so|completely confused|disoriented|"
            "disorientated",
            "disoriented|disorientated|disorientation",
            "n't|not know where i was|i_am|i_'m|i_was",
            "n't|not remember driving|getting_home|how_i_got|the_drive|what_happened",
            "memory ~1 went blank",
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
            "head ~5 explode|exploding|exploded|burst|bursting|about_to_explode|going_to_explode",
        ),
    ),
    Concept(
        "exertional_headache",
        YELLOW,
        "medical",
        "a headache brought on by exertion",
        phrases=(
            _HEADACHE + " ~6 " + _STRAIN,
            _STRAIN + " ~6 " + _HEADACHE,
            _HEAD_HURTS + " ~6 " + _STRAIN,
            _STRAIN + " ~6 " + _HEAD_HURTS,
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
        "self_harm",
        RED,
        "self_harm",
        "self-harm or suicidal thoughts",
        icd_codes=("R45851",),  # suicidal ideations
        phrases=(
            r"re:suicidal|suicide(?! (?:sprint|drill|run|line|shuttle)s?\b)",
            "want*|wanna|thinking_about|thinking_of|thoughts_of|thought_about|urge_to|urges_to|"
            "going_to|gonna|tempted_to ~2 kill|killing|harm|harming|hurt|hurting|cut|cutting "
            "myself|my_self",
            "kill|killing|harm|harming myself|my_self",
            "cutting myself|my_arms|my_legs|my_wrists",
            "cut myself ~2 again|deliberately|on_purpose",
            "self harm|harming|harmed|hurt|injury",
            "hurting|harming|cutting|burning|hurt|harm|cut|burn myself ~4 when_things|when_i_feel|"
            "when_i_'m|to_cope|to_feel|on_purpose|deliberately|again_when",
            "easier|better|better_off ~1 if ~2 was_n't|was_not|were_n't|were_not ~1 here|around|"
            "alive|there",
            "selfharm|kms|unalive|unaliving",
            "end|ending my life",
            "end|ending it all|things",
            "take|taking my own life",
            "take|taking|took|swallow|swallowing all ~1 my|the pills|tablets",
            "overdose|overdosing|overdosed",
            "want|wanna|wanted|wish ~2 die|dead",
            "better off dead|without_me",
            "better|easier|happier ~1 without_me|if_i_was_gone|if_i_were_gone|if_i_was_dead",
            r"re:(?:want\w*|wanna|going to|gonna|thinking about|thought about|thinking of|thought of|"
            r"think about|considering|planning to|plan to|ready to)(?: [^ .!?;]+){0,2} end(?:ing)? (?:it|things|everything)(?= (?:all|now|"
            r"tonight|soon|honestly|tbh|for good)\b|\s*(?:[.!?;,]|$))",
            "point ~2 living|being_alive|being_here|going_on",
            "jump|jumping|jumped|step|stepping off|in_front_of ~3 bridge|building|roof|cliff|train|"
            "car|bus|lorry|truck|balcony",
            "better off if ~1 i was_n't|wasn't|was_not|were_n't|were_not ~1 around|here|alive",
            "n't want ~2 live|alive|be_here_anymore|be_around|wake_up|exist",
            "no reason to live|go_on",
            "disappear forever",
            "want|wanna|wish|wishing ~3 disappear|vanish|not_exist|stop_existing",
            "not|n't worth living|going_on",
            "and|just never|not wake up",
        ),
    ),
    Concept(
        "emotional_distress",
        RED,
        "mental_health",
        "hopelessness or acute emotional distress",
        phrases=(
            r"re:(?:ca n't|n't think i can|cannot) go on(?= (?:like|anymore|any more|living|with "
            r"life)\b|\s*(?:[.!?;,]|$))",
            r"re:hopeless(?:ness)?(?! (?:at|with)\b)",
            "what 's|is ?even the point ~2 anything|anymore|any_more|living|life|it_all|trying|"
            "everything",
            "no point ~2 anything|living|life|going_on|trying|everything|anymore",
            "n't see the point ~2 anything|anymore|any_more|living|life|it_all|trying|everything",
            "panic|anxiety attack|attacks",
            "mental|nervous|emotional breakdown",
            "having|had|have a breakdown",
            "cry|crying|cried ~2 all_the_time|every_day|every_night|constantly|nonstop|non_stop",
            "n't stop crying",
            "ca|can|could n't cope|take_it_anymore|take_it_any_more|take_any_more|handle_it",
            "cannot|can_not cope",
            "falling|fallen apart",
            "breaking point",
            "rock bottom",
            "dark place",
            "n't see a|any way out",
            "no way out|no_escape",
            "dark time|place|thoughts|days|hole",
            "n't see ~1 a|any way_forward|future|light|way_through",
            "worthless|hate_myself|nothing_matters|nothing_matters_anymore",
        ),
        unless=(
            "worthless|useless|lazy ~4 on|during|when|if ~3 rest_day|rest_days|day_off|days_off|"
            "i_miss|i_skip|miss|skip",
        ),
    ),
    Concept(
        "low_mood",
        YELLOW,
        "mental_health",
        "low mood, stress or burn-out",
        phrases=(
            "feeling|feel|felt|been|so|really|pretty|quite|very|super ~1 down|low|depressed|"
            "miserable|rubbish|crap|shit|awful",
            "depressed|depression|overwhelmed|overwhelming|burnt_out|burned_out|burnout|drowning",
            "anxious|anxiety ~2 lately|all_the_time|constantly|every_day|recently|through_the_roof",
            "anxiety ~2 bad|awful|terrible|high|really_bad",
            "mental health ~4 not|n't|bad|rough|struggl*|poor|suffering|down|hasnt|hasn't",
            "struggling|struggle ~2 mentally|mental_health|to_cope|with_everything",
            "stressed ~3 out_of_my_mind|overwhelmed|too_much|can't_switch_off",
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
            "n't|not eaten|eat|ate ~1 since " + _WEEKDAYS + "|yesterday_morning|the_weekend",
            "skip|skipping|skipped ~1 meal|meals|eating|food|breakfast_and_lunch ~4 "
            + _WEIGHT_GOAL,
            "fasting|fasted|fast|not_eating|no_food|starving ~6 make_weight|making_weight|"
            "weigh_in|weigh_ins|weighin|drop_weight|lose_weight|get_lighter|be_lighter|"
            "cut_weight|the_comp|the_fight|the_shoot|photoshoot",
            "purge|purging|purged|purges|laxative|laxatives|diuretic|diuretics|water_pills|"
            "bulimia|bulimic|anorexic",
            "make|made|making myself sick|throw|vomit*",
            "throw|throwing|threw|vomit*|sick|puke|puking|purge ~6 so ~3 n't|not gain",
            "throwing|threw up ~2 after ~1 meals|every_meal|eating|i_eat ~4 " + _WEIGHT_GOAL,
            "starve|starving|starved myself|my_self",
            "barely|hardly eating",
            "by|from not|n't|barely eating",
            "n't|not|barely|hardly eaten|eating|ate ~2 all_week|for_a_week|for_days|all_weekend",
            "eat|eating|ate ~2 once|one_meal every " + _DAYS + " days",
            "meal|meals ~2 every " + _DAYS + "|other ~1 days|day",
            "not eating ~1 anything",
            "eating disorder",
            "water fast|fasting",
            "fasted|fasting ~1 for " + _DAYS + " days",
            "just|only ~2 black_coffee|water|diet_coke ~3 all_day|for_days|since",
            "not|n't|stop|stopped eating ~3 until|till|til|unless ~4 goal|weight|" + _WEIGHT_GOAL,
            "chew ~1 and spit",
        ),
    ),
    Concept(
        "disordered_eating",
        YELLOW,
        "eating",
        "signs of disordered eating",
        phrases=(
            "binge|binged|bingeing|binging|binges|binge_ate|binge_eating",
            "guilty|guilt|ashamed|disgusting|disgusted|gross|awful ~4 after|about|when|every_time|if "
            "~3 eat|eating|ate|food|carbs|sugar|sweet|anything|dessert|treats",
            "guilty|guilt|ashamed ~3 eat|eating|ate|food|carbs",
            "scared|terrified|afraid|frightened|fear ~2 of|about ~1 eating|food|carbs|fat|sugar|"
            "gaining|eat",
            "terrified|scared of carbs|food|eating|sugar",
            "earn|earned|earning ~2 my|the|a food|meals|meal|dinner|dessert|treats|breakfast",
            "obsessed|obsessing|obsessive ~4 calories|food|weighing|weight|scale|counting",
            "counting|count|tracking|track ~3 calorie|calories|macros|everything ~2 obsessively|"
            "obsessive|obsessed|constantly|compulsively",
            "weigh|weighing|weighed myself ~3 times|every|constantly|several|multiple|five|5|six|6",
            "safe foods|fear_foods",
            "feel|felt|feeling so|really|disgustingly|huge|fat|gross|disgusting fat|huge|gross",
        ),
    ),
    Concept(
        "compulsive_exercise",
        RED,
        "exercise",
        "training through injury or illness",
        phrases=(
            "n't|not|never|unable stop|rest|skip|miss|quit ~2 " + _TRAIN + " ~5 " + _INJURED,
            _TRAIN + " ~5 through ~2 pain|injur*|illness|sickness|" + _ILL + "|" + _HURT,
            "even with|despite ~3 " + _HURT + "|" + _ILL + " ~6 still|trained|ran|did|went|lifted",
            "pushed|push|pushing through ~1 injur*|fracture|broken",
            _TRAIN + " ~4 on ?a|an|my broken|fractured|torn|injured|sprained",
            _TRAIN + " ~6 even when|if|though ~6 " + _INJURED,
            _TRAIN + " ~3 with|while|despite ~3 " + _ILL + "|" + _HURT + "|a_fever|the_flu|covid",
            "told|said|advised ~6 rest|stop|no_training|no_running|no_lifting|no_exercise|"
            "not_to_train|not_to_run|not_to_lift|to_rest ~8 anyway|regardless|still_trained|"
            "still_ran|still_went|still_lifted",
            "kept|keep|keeping lifting|training|running|going ~3 through ~3 injur*|pain",
            "ca|can|could n't stop " + _TRAIN + " ~4 even|though|injur*|hurt|pain",
            "never|n't take|have|had|taking ~1 rest_day|rest_days|day_off|days_off|a_break|break ~6 "
            "even|when|though|if|while ~4 " + _INJURED,
        ),
        unless=(
            # the pain of a hard effort: "ran through the pain of the last km"
            "through ~2 pain|burn ~1 of|on|in|at ~2 the|that|those|a last|final|hill|hills|sprint|"
            "set|sets|rep|reps|km|k|mile|miles|lap|laps|interval|intervals|climb|finish|race|wod",
            "through ~2 the_burn|the_lactic|lactic|the_wall",
        ),
    ),
    Concept(
        "training_guilt",
        YELLOW,
        "exercise",
        "guilt or anxiety about missing training, or training to make up for food",
        phrases=(
            "guilty|guilt|anxious|anxiety|panic|panicky|ashamed|worthless|terrible|awful|lazy|"
            "failure|disgusting ~5 miss|missed|missing|skip|skipped|skipping|rest ?" + _TRAIN,
            "rest_day|rest_days|day_off|days_off|missing_a_session|missing_training|missed_session "
            "~4 anxious|guilty|guilt|panic|panicky|anxiety|awful|terrible|ashamed|lazy",
            "anxious|guilty|panicky|panic|anxiety|stressed|lazy ~6 rest_day|rest_days|day_off|"
            "days_off",
            "anxious|irritable|restless|panicky|guilty|panic ~3 when|if ~2 ca_n't|cannot|can_not|"
            "do_n't|miss|skip ~3 train*|get_to_the_gym|gym|go|exercise",
            "punish|punishing ~1 myself",
            "make_up_for|compensate_for ~2 missed|missing|skipped ~1 session|sessions|workout|"
            "workouts|training|days|day",
            "make_up_for|compensate|burn_off|burn_it_off|work_off ~3 what_i_ate|everything_i_ate|"
            "what_i_eat|eating|binge|food|pizza|dinner|weekend|calories|takeaway|treats|dessert|"
            "the_cake|it",
            "n't|never take ~1 rest_day|rest_days|day_off|days_off|break",
            "n't|cannot relax|rest|switch_off|sit_still ~4 rest_day|rest_days|day_off|days_off",
            "n't had ~1 a rest_day|day_off ~2 in ~1 " + _DAYS + "|weeks|months",
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
            "my " + _PEOPLE + " ~2 died|passed_away|passed|dying|cancer|funeral|hospital|sick|ill",
            "my ~3 died|passed_away",
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
    "binge watch|watched|watching|watches",
    "binged ~2 netflix|series|show|shows|tv|telly",
    "phone|battery|watch|laptop|car|headphones|garmin|plant|plants|tv|telly ~1 died|dead|dying",
)

_LIFE = (
    "work|emails|email|deadlines|deadline|kids|news|info|information|stress|everything|it_all|"
    "planning|wedding|moving|noise|office|meetings|admin|job|exams|uni|screen|screens"
)
_TRAINING_THINGS = (
    "set|sets|rep|reps|burpee*|lunge*|squat*|hill|hills|session|workout|class|run|interval*|"
    "finisher|sprint*|wod|metcon|circuit|leg_day|cardio|bike|rower"
)
_PLAIN_HEADACHE_CAUSES = (
    "dehydrat*|hungover|hangover|caffeine|coffee|screen|sinus*|cold|period|hormones|sleep|"
    "not_drinking|did_n't_drink|dont_drink|do_n't_drink"
)
# Figures of speech: a mention overlapping one of these is not a symptom.
FIGURATIVE = (
    # "my head is spinning with deadlines", "head pounding from the kids"
    "head|mind|brain ~2 spinning|spun|spin|pounding|pounded|throbbing with|about|over|from ~3 "
    + _LIFE,
    "head|mind|brain ~2 spinning|spun|spin|pounding with|about|over",
    # "chest felt tight in the doorway stretch", "I felt the stretch in my chest, nice and tight"
    "chest ~3 tight|tightness ~5 stretch|stretching|stretched|pec_stretch|foam_roll*",
    "stretch|stretching|stretched|foam_roll* ~5 chest ~3 tight|tightness",
    # "these burpees make me want to die", "I wanted to die on that hill"
    _TRAINING_THINGS + " ~5 want|wanted|wanna|wish ~2 die|dead",
    "want|wanted|wanna|wish ~2 die|dead ~4 " + _TRAINING_THINGS,
    # "heart skipped a beat when I saw my PR"
    "heart ~2 skip|skipped|skips ~2 a beat ~1 when|as|at|seeing|reading",
    # "felt numb about the whole thing", "emotionally numb", "numb from the cold"
    "numb about|to|inside",
    "emotionally numb",
    "numb from|in|with ~2 cold|the_cold|freezing",
    "cold|freezing|frozen ~4 numb|tingling",
    "tingling|tingly with excitement|anticipation|nerves",
    # a numb bottom on a long ride is the saddle, not a nerve
    "bum|butt|arse|ass|bottom|backside|undercarriage ~2 numb|went_numb|numbness",
    "numb bum|butt|arse|ass|bottom|backside",
    "confused about|by|with|why|how|what|which|as_to",
    "find|get the|my words ~1 to|for",
    "could|could_have|couldn't|could_n't|n't breathe|breath ~3 laugh*",
    "laugh*|laughing ~3 could|n't breathe|breath",
    # "passed out after four pints", "blacked out at the party"
    "passed|blacked out ~4 drinks|drink|drinking|beers|pints|wine|party|drunk",
    # A headache with a plain cause is not an exertional headache.
    _HEADACHE + " ~6 " + _PLAIN_HEADACHE_CAUSES,
    _HEAD_HURTS + " ~6 " + _PLAIN_HEADACHE_CAUSES,
    "low on|in energy",
    "feeling|feel|felt ~1 low energy",
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
def unless(code: str) -> tuple[TokenPattern, ...]:
    """A concept's own masks, compiled."""
    return tuple(compile_pattern(p) for p in CONCEPTS_BY_CODE[code].unless)


@cache
def masks() -> tuple[TokenPattern, ...]:
    """MASKS and FIGURATIVE, compiled."""
    return tuple(compile_pattern(mask) for mask in (*MASKS, *FIGURATIVE))


@cache
def matchers() -> tuple[tuple[Concept, tuple[tuple[TokenPattern, bool], ...]], ...]:
    """Each concept with its compiled patterns, each marked True when its mentions are ordinary
    in hard effort: the data vocabulary as one alternation (longest first), then each casual
    phrase, then each hard-effort phrase."""
    compiled = []
    for concept in CONCEPTS:
        patterns: list[tuple[TokenPattern, bool]] = []
        terms = sorted(vocabulary()[concept.code], key=len, reverse=True)
        if terms:
            alternation = "|".join(f"(?:{literal_regex(term)})" for term in terms)
            anchors = frozenset(phrase_tokens(term)[0] for term in terms)
            data_pattern = compile_pattern(f"re:(?:{alternation})", anchors)
            patterns.append((data_pattern, concept.data_in_hard_effort))
        patterns.extend((compile_pattern(phrase), False) for phrase in concept.phrases)
        patterns.extend((compile_pattern(phrase), True) for phrase in concept.hard_effort_phrases)
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
        for phrase in (*concept.phrases, *concept.hard_effort_phrases):
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
