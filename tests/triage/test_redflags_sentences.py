"""The free-text reader against sentences clients write: every red one is caught with its code,
and negated, historical, hypothetical, other people's and ordinary gym talk is not red.

The first, older table, kept as a regression check; the larger table judged per half is in
``test_redflags_table.py``."""

import re

import pytest

from triage.core.redflags import read_text

MUST_BE_RED = [
    # chest pain, pressure or tightness
    ("chest felt tight during my intervals", "chest_pain"),
    ("Tight chest on the last set of squats", "chest_pain"),
    ("had some chest pain on the bike this morning", "chest_pain"),
    ("chets pain when I ran up the stairs", "chest_pain"),
    ("pressure in my chest while deadlifting", "chest_pain"),
    ("my chest hurts when I breathe in deeply", "chest_pain"),
    ("felt a crushing pain across my chest", "chest_pain"),
    ("Chest tightness after the warm up, went away after 10 minutes", "chest_pain"),
    ("There was a weird heaviness in my chest yesterday", "chest_pain"),
    ("No dizziness but my chest felt tight", "chest_pain"),
    ("It felt like an elephant sitting on my chest", "chest_pain"),
    ("No dizziness. Chest felt tight on the bike.", "chest_pain"),
    ("Felt great! Although my chest was a bit tight on the run", "chest_pain"),
    ("no chest pain except when I sprint", "chest_pain"),
    # dizziness
    ("felt really dizzy after the squats", "dizziness"),
    ("dizy after the run", "dizziness"),
    ("diziness on and off all week", "dizziness"),
    ("got lightheaded between sets", "dizziness"),
    ("a bit light headed this morning", "dizziness"),
    ("light-headed when I stood up from the bench", "dizziness"),
    ("head was spinning after burpees", "dizziness"),
    ("saw stars after my heavy deadlift", "dizziness"),
    ("the room started spinning during the cooldown", "dizziness"),
    ("had a dizzy spell in the shower", "dizziness"),
    ("I didn't sleep well and felt dizzy in the morning", "dizziness"),
    ("no chest pain but felt dizzy", "dizziness"),
    ("No chest pain, felt dizzy though", "dizziness"),
    ("If I stand up too fast I get dizzy", "dizziness"),
    ("vertigo again yesterday", "dizziness"),
    ("no breakfast before training made me dizzy", "dizziness"),
    ("not sure if it was dizziness or low blood sugar", "dizziness"),
    ("When I squat heavy I see stars", "dizziness"),
    ("Dizzy? Yes.", "dizziness"),
    # fainting
    ("nearly passed out on the rower yesterday", "fainting"),
    ("almost passed out after the sprint finisher", "fainting"),
    ("I fainted in the changing room", "fainting"),
    ("I feinted after the session", "fainting"),
    ("everything went black for a second", "fainting"),
    ("blacked out for a moment after the lift", "fainting"),
    ("felt faint at the end of the class", "fainting"),
    ("my wife said I fainted at the gym", "fainting"),
    ("I collapsed on the floor after the 5k", "fainting"),
    ("fainted a month ago and again yesterday", "fainting"),
    ("what if I faint again like on Tuesday", "fainting"),
    # shortness of breath
    ("couldn't catch my breath even walking", "shortness_of_breath"),
    ("I can't breathe properly when I lie down", "shortness_of_breath"),
    ("short of breath climbing one flight of stairs", "shortness_of_breath"),
    ("struggling to breathe during the warm up", "shortness_of_breath"),
    ("gasping for air on an easy jog", "shortness_of_breath"),
    # palpitations
    ("my heart was racing while I was sitting on the couch", "palpitations"),
    ("heart pounding out of my chest at rest", "palpitations"),
    ("felt my heart skip a beat a few times", "palpitations"),
    ("had palpitations last night", "palpitations"),
    ("palpatations after my coffee", "palpitations"),
    ("irregular heartbeat during the cooldown", "palpitations"),
    ("Not dizzy, but my heart was racing all evening", "palpitations"),
    ("Can't tell if it's anxiety but my heart races at night", "palpitations"),
    # numbness or tingling
    ("my left arm went numb during the bench press", "numbness"),
    ("tingling in my fingers on the bike", "numbness"),
    ("pins and needles in both feet after the run", "numbness"),
    # weakness on one side
    ("my right arm suddenly felt weak and useless", "weakness_one_side"),
    ("weakness on one side of my body", "weakness_one_side"),
    ("my face was drooping on one side", "weakness_one_side"),
    # vision or speech changes
    ("my vision went blurry during the squat", "vision_or_speech_changes"),
    ("seeing double after the session", "vision_or_speech_changes"),
    ("my speech was slurred for a few minutes", "vision_or_speech_changes"),
    ("had trouble finding words after the workout", "vision_or_speech_changes"),
    ("blurry vision and a headache after lifting", "vision_or_speech_changes"),
    ("Vision went a bit blurry on the last set", "vision_or_speech_changes"),
    # severe headache
    ("worst headache of my life after deadlifts", "severe_headache"),
    ("sudden severe headache during the lift", "severe_headache"),
    ("a splitting headache after heavy squats", "severe_headache"),
    # sharp or sudden new pain
    ("sharp pain in my knee on the last rep", "new_pain"),
    ("felt a pop in my hamstring during sprints", "new_pain"),
    ("stabbing pain in my lower back", "new_pain"),
    ("I can't put weight on my ankle since the jump", "new_pain"),
    # emotional distress
    ("I want to hurt myself", "self_harm"),
    ("honestly I can't go on like this", "emotional_distress"),
    ("feeling hopeless about everything", "emotional_distress"),
    ("what's the point of anything anymore", "emotional_distress"),
    ("had a panic attack before the session", "emotional_distress"),
    ("I've been having suicidal thoughts", "self_harm"),
    ("sometimes I think everyone would be better off without me", "self_harm"),
    ("I don't want to be here anymore", "self_harm"),
    ("I don't think I can go on", "emotional_distress"),
    # extreme caloric restriction
    ("haven't eaten in two days", "extreme_restriction"),
    ("I'm eating 500 calories a day to lean out", "extreme_restriction"),
    ("skipping meals to make weight for the meet", "extreme_restriction"),
    ("I've been purging after dinner", "extreme_restriction"),
    ("only 600 kcal yesterday", "extreme_restriction"),
    ("I make myself throw up after big meals", "extreme_restriction"),
    ("been starving myself before the photoshoot", "extreme_restriction"),
    ("I'm on a 600 calorie diet", "extreme_restriction"),
    ("Lost 5kg this week by not eating", "extreme_restriction"),
    # compulsive exercise
    ("can't stop training even when injured", "compulsive_exercise"),
    ("trained twice a day through the pain", "compulsive_exercise"),
    ("I ran through a stress fracture because I couldn't skip a day", "compulsive_exercise"),
    ("I never take rest days, even when I'm sick", "compulsive_exercise"),
    ("Ran 20 miles on a broken toe", "compulsive_exercise"),
]

MUST_NOT_BE_RED = [
    # negated
    ("no chest pain", None),
    ("denies dizziness", None),
    ("No dizziness, no chest pain, just tired legs", None),
    ("I didn't faint, just needed a breather", None),
    ("never had any palpitations", None),
    ("not dizzy at all today", None),
    ("haven't had any chest pain since I started", None),
    ("no shortness of breath, no palpitations and no dizziness", None),
    ("No numbness or tingling in my hands", None),
    ("without any chest tightness this week", None),
    ("zero dizziness this block", None),
    ("no chest pain, dizziness or nausea", None),
    ("I'm not suicidal, just tired of my job", None),
    ("no thoughts of hurting myself, just frustrated", None),
    ("I'm not skipping meals to make weight, eating plenty", None),
    ("no purging, no laxatives", None),
    ("I never feel guilty about rest days", None),
    ("no sharp pain, just normal soreness", None),
    ("Dizziness? None.", None),
    ("Any chest pain? No.", None),
    ("Chest pain - no", None),
    ("dizziness: none", None),
    ("no chest pain except for the usual DOMS", None),
    # historical
    ("chest pain last year, cleared by my doctor", None),
    ("had chest pain in 2019", None),
    ("used to get palpitations years ago", None),
    ("I fainted once as a teenager", None),
    ("history of vertigo, nothing recent", None),
    ("when I was younger I had panic attacks", None),
    ("I had anorexia as a teenager, fully recovered", None),
    ("Back in 2015 I had a dizzy spell at a race", None),
    ("my heart used to race before exams when I was at school", None),
    # hypothetical
    ("what if I get dizzy on the long run", None),
    ("worried I might faint in the heat", None),
    ("is there a risk of fainting in a sauna", None),
    ("scared of passing out on heavy singles", None),
    ("how do I avoid getting lightheaded when I stand up", None),
    ("Should I stop if I feel chest pain?", None),
    ("I read that dizziness can come from dehydration", None),
    ("in case I get short of breath, should I stop?", None),
    ("what if I have a panic attack at the meet", None),
    ("concerned about fainting in the heat", None),
    ("Work has been crazy, might lose my job", None),
    # someone else
    ("my dad fainted at the weekend", None),
    ("a teammate passed out at practice", None),
    ("my friend had chest pain and went to hospital", None),
    ("my mum gets palpitations", None),
    ("my training partner nearly fainted", None),
    ("a guy at the gym collapsed on the floor", None),
    # ordinary training talk
    ("out of breath after the sprints, great session", None),
    ("totally winded after the hill repeats", None),
    ("chest press felt heavy today", None),
    ("chest day went well, bit sore", None),
    ("my chest is sore from the flyes", None),
    ("legs are sore and tired", None),
    ("I hurt myself deadlifting, minor tweak", None),
    ("I was fasting yesterday for religious reasons", None),
    ("burned 500 calories on the bike", None),
    ("ate a 500 calorie snack before training", None),
    ("eating around 2,200 calories a day", None),
    ("did suicides at basketball practice", None),
    ("I'm hopeless at burpees lol", None),
    ("what's the point of doing cardio when bulking", None),
    ("can't go on Tuesday, I'm travelling", None),
    ("passed out on the couch after a big dinner", None),
    ("a faint click in my shoulder", None),
    ("my heart rate was 150 on the run", None),
    ("double unders are getting easier", None),
    ("dead bugs felt easy", None),
    ("I painted the spare room all weekend", None),
    ("headache from dehydration, drank more water", None),
    ("a slight headache after the session", None),
    ("spin class was brutal", None),
    ("my left leg is weaker than my right on split squats", None),
    ("pre-workout made my face tingle", None),
    ("I was worried about my form, all good now", None),
    ("still sore from Monday", None),
    ("the bar felt heavy and my grip gave out", None),
    ("blackout curtains helped my sleep", None),
    ("felt the burn in my chest on flyes", None),
    ("I heard a podcast about chest pain in athletes", None),
    ("lost my balance on the bosu ball", None),
    ("a dizzying number of options on the menu", None),
    ("crushed my workout today, felt amazing", None),
    ("stress at work is high but manageable", None),
    ("took a rest day when my knee hurt, felt fine after", None),
    ("I'm starving after leg day", None),
    ("broke my squat PR, heart was happy", None),
    ("hit the ground running this week", None),
    ("I still trained even though I was sore", None),
    ("I'm on 1200 calories", None),
    ("Did 400 calories on the assault bike", None),
    ("I skipped breakfast this morning", None),
    ("this workout killed me", None),
    ("I'm dead after that session, legs are dead", None),
    ("I'm anxious about the competition", None),
    # yellow, not red
    ("started new medication for blood pressure", "context_change"),
    ("found out I'm pregnant!", "context_change"),
    ("my mum died last week", "context_change"),
    ("lost my job this week so stress is high", "context_change"),
    ("going through a divorce", "context_change"),
    ("my doctor put me on beta blockers", "context_change"),
    ("threw up after the sled pushes", "nausea"),
    # guilt or anxiety about missing training is yellow; training through injury or illness red
    ("I feel guilty if I miss a session", "training_guilt"),
    ("did extra cardio to burn off what I ate", "training_guilt"),
    ("I get anxious and irritable when I can't train", "training_guilt"),
    ("felt nauseous during the long run", "nausea"),
]


def _id(sentence: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", sentence.lower()).strip("-")[:60]


def test_the_table_has_at_least_150_sentences_about_half_red():
    total = len(MUST_BE_RED) + len(MUST_NOT_BE_RED)

    assert total >= 150
    assert abs(len(MUST_BE_RED) - len(MUST_NOT_BE_RED)) <= total * 0.1


@pytest.mark.parametrize(("sentence", "code"), MUST_BE_RED, ids=[_id(s) for s, _ in MUST_BE_RED])
def test_it_reads_the_sentence_as_red_with_its_code(sentence, code):
    findings = read_text(sentence)

    red = {finding.code for finding in findings if finding.level == "red"}
    assert code in red, findings


@pytest.mark.parametrize(
    ("sentence", "yellow_code"), MUST_NOT_BE_RED, ids=[_id(s) for s, _ in MUST_NOT_BE_RED]
)
def test_it_reads_the_sentence_as_not_red(sentence, yellow_code):
    findings = read_text(sentence)

    assert not [finding for finding in findings if finding.level == "red"], findings
    if yellow_code is not None:
        assert yellow_code in {finding.code for finding in findings if finding.level == "yellow"}
