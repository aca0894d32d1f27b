"""The drafting gallery: programs drafted for varied intakes, written as Markdown for reviewers
(``python manage.py draft_gallery`` writes them into ``docs/programs/``).

Each case is an intake as a client would fill it in. It goes through the same steps as a real
draft, without a database: the segmentation rules give risk and experience, the intake's
answers become a drafting request (``programs.core.drafting.intake``), and the engine drafts from the
shipped library with its reviewed pool. The start date is fixed, so the output only changes
when the rules do (a test regenerates it and fails on any difference)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from types import SimpleNamespace
from typing import Any

from coaching.core import segmentation
from coaching.core.intake_vocab import (
    EATING_SCREEN,
    ENERGY_SCREEN,
    EQUIPMENT,
    GOALS,
    HEALTH_SCREEN,
    POSTPARTUM_SYMPTOMS,
)
from coaching.intake import answers_for_segmentation
from programs.core.drafting import DraftingError, draft_program
from programs.core.drafting.intake import request_from_intake
from programs.core.drafting.types import DraftedProgram, DraftedWeek, DraftRequest
from programs.core.library import (
    FEATURE_TEXT,
    LOAD_GRADES,
    PATTERN_TEXT,
    PATTERNS,
    LibraryExercise,
    load_library,
)

GALLERY_START = date(2025, 3, 3)  # a Monday
SERVICE_TEXT = {
    "ai_self_guided": "AI self-guided",
    "assisted_hybrid": "assisted hybrid",
    "human_in_loop_premium": "human-in-loop premium",
    "ai_first_escalation": "AI-first with escalation",
    "concierge": "concierge",
}
GYM = ["barbell", "dumbbell", "cable", "machine"]


@dataclass(frozen=True)
class GalleryCase:
    slug: str
    title: str
    answers: Mapping[str, Any]
    # Best e1RMs from the client's logs, by library key (what history import would give).
    history: Mapping[str, float] = field(default_factory=dict)
    # A coach recorded a medical clearance on the intake review (lifts the clearance gate and,
    # after birth, the ban on running and jumping).
    cleared: bool = False
    comment: str = ""


def _answers(**answers) -> dict[str, Any]:
    base = {
        "goals": ["general_fitness"],
        "goal_notes": "",
        "training_age_years": 0,
        "sessions_per_week": 3,
        "session_minutes": 60,
        "equipment": [],
        "injuries": [],
        "health_screen": {},
        "health_notes": "",
        "preferences": "",
        "constraints": "",
        "stress_level": 2,
        "sleep_hours": 7.5,
        "age_years": 35,
        "eating_screen": {},
        "energy_screen": {},
        "postpartum": {},
        "making_weight": False,
    }
    base.update(answers)
    return base


GALLERY_CASES: tuple[GalleryCase, ...] = (
    GalleryCase(
        "shoulder-impingement",
        "Shoulder impingement, strength and muscle",
        _answers(
            goals=["strength", "muscle"],
            training_age_years=3,
            sessions_per_week=4,
            equipment=GYM,
            injuries=[{"area": "shoulder", "current": True, "notes": "impingement, right side"}],
        ),
        comment="The issue's first case: Upper A had become curls, pushdowns and planks.",
    ),
    GalleryCase(
        "knee-acl-rehab-return",
        "Knee: return from ACL reconstruction",
        _answers(
            goals=["rehab_return", "strength"],
            goal_notes="ACL reconstruction 9 months ago; physio discharged me to the gym.",
            training_age_years=2,
            equipment=GYM,
            injuries=[{"area": "knee", "current": True, "notes": "ACL reconstruction, left"}],
            age_years=27,
        ),
        comment="A current knee injury and rehab_return: the plan had no squat, lunge or leg "
        "extension at all.",
    ),
    GalleryCase(
        "lower-back-injury",
        "Current lower-back pain, general strength",
        _answers(
            goals=["strength", "general_fitness"],
            training_age_years=2,
            equipment=GYM,
            injuries=[{"area": "lower back", "current": True, "notes": "disc irritation"}],
            age_years=41,
        ),
        comment="The bent-over barbell row used to stay in the plan.",
    ),
    GalleryCase(
        "body-only-novice",
        "Body-weight-only novice at home",
        _answers(goals=["general_fitness", "muscle"], session_minutes=45, age_years=24),
        comment="Used to get pull-ups 3 × 12–15 with 'a sturdy table works for rows'.",
    ),
    GalleryCase(
        "dumbbells-only-55",
        "Dumbbells only, 55 years old",
        _answers(
            goals=["strength", "general_fitness"],
            training_age_years=1,
            session_minutes=45,
            equipment=["dumbbell"],
            age_years=55,
        ),
        comment="Used to get pull-ups with no bar to hang from.",
    ),
    GalleryCase(
        "powerlifter-5-day-meet",
        "Advanced powerlifter, 5 days, meet on 12 April",
        _answers(
            goals=["strength"],
            goal_notes="Powerlifting meet on 2025-04-12. Want to total 600.",
            training_age_years=8,
            sessions_per_week=5,
            session_minutes=90,
            equipment=["barbell", "rack", "bench", "dumbbell", "cable", "machine"],
            age_years=29,
        ),
        history={
            "Barbell_Squat": 215.0,
            "Barbell_Bench_Press_-_Medium_Grip": 145.0,
            "Barbell_Deadlift": 250.0,
            "Pause_Squat": 190.0,
            "Pause_Bench_Press": 135.0,
        },
        comment="Used to get generic push/pull/legs at 4 × 3–6 with the lat pulldown as a main "
        "lift.",
    ),
    GalleryCase(
        "runner-2x30",
        "Runner, strength twice a week for 30 minutes",
        _answers(
            goals=["endurance", "strength"],
            goal_notes="Marathon on 2025-05-18. Key runs: intervals on Tuesday, long run on "
            "Saturday.",
            training_age_years=1,
            sessions_per_week=2,
            session_minutes=30,
            equipment=["dumbbell", "kettlebells"],
            age_years=34,
        ),
        comment="Used to get three barbell main lifts a session up to RPE 8.5.",
    ),
    GalleryCase(
        "returning-55",
        "55 years old, back after a ten-year layoff",
        _answers(
            goals=["strength", "general_fitness"],
            goal_notes="Returning after a 10-year layoff; used to lift in my thirties.",
            training_age_years=6,
            equipment=GYM,
            age_years=55,
        ),
        comment="RPE used to ramp from 7 to 8.5 by week 4.",
    ),
    GalleryCase(
        "postpartum",
        "Four months after a c-section",
        _answers(
            goals=["fat_loss", "general_fitness"],
            goal_notes="Baby is 4 months old (c-section). GP check not done yet. I leak a "
            "little when I jump.",
            training_age_years=1,
            session_minutes=45,
            equipment=["dumbbell", "bands", "treadmill"],
            health_screen={"pregnant_or_postpartum": True},
            postpartum={
                "stage": "postpartum",
                "months_since_birth": 4,
                "checked_since_birth": False,
                "symptoms": ["leaking"],
            },
            age_years=33,
        ),
        comment="Used to get 10–16 minutes of trail running every session, and pull-ups, on a "
        "moderate-risk assisted plan with no referral and no issue raised.",
    ),
    GalleryCase(
        "postpartum-cleared",
        "Seven months after birth, cleared by a pelvic-health physio",
        _answers(
            goals=["general_fitness", "endurance"],
            goal_notes="Back to running after my second baby; the physio cleared me last week.",
            training_age_years=2,
            session_minutes=45,
            equipment=["dumbbell", "kettlebells", "treadmill"],
            health_screen={"pregnant_or_postpartum": True},
            health_notes="Physio check done, pelvic floor fine.",
            postpartum={
                "stage": "postpartum",
                "months_since_birth": 7,
                "checked_since_birth": True,
                "symptoms": [],
            },
            age_years=35,
        ),
        cleared=True,
        comment="The coach recorded the physio's clearance: running may come back.",
    ),
    GalleryCase(
        "disordered-eating-fat-loss",
        "History of disordered eating, fat-loss goal",
        _answers(
            goals=["fat_loss"],
            goal_notes="I want to lose 10 kg before summer.",
            training_age_years=1,
            equipment=GYM,
            health_screen={"eating_disorder_history": True},
            age_years=22,
        ),
        comment="Used to be moderate and assisted with no referral; drafting drops the fat-loss "
        "framing.",
    ),
    GalleryCase(
        "scoff-positive-fat-loss",
        "Fat-loss goal, two SCOFF answers yes, no history reported",
        _answers(
            goals=["fat_loss", "muscle"],
            goal_notes="Want to get lean for summer.",
            training_age_years=2,
            equipment=GYM,
            eating_screen={"lost_control_eating": True, "food_dominates_life": True},
            age_years=19,
        ),
        comment="The SCOFF screen is positive at two answers yes: referral, coach review, no "
        "fat-loss framing.",
    ),
    GalleryCase(
        "runner-low-energy-availability",
        "Distance runner with missed periods and a stress fracture",
        _answers(
            goals=["endurance", "strength"],
            goal_notes="Half marathon on 2025-05-04; long run on Sunday.",
            training_age_years=1,
            sessions_per_week=2,
            session_minutes=40,
            equipment=["dumbbell", "kettlebells", "bench"],
            energy_screen={"missed_periods": True, "bone_stress_injury": True},
            injuries=[{"area": "foot", "current": False, "notes": "metatarsal stress fracture"}],
            age_years=26,
        ),
        comment="LEAF-Q and IOC REDs CAT2 indicators of low energy availability: referral to a "
        "sports physician and dietitian, coach review.",
    ),
    GalleryCase(
        "athlete-cutting-weight",
        "Judoka cutting 6 kg for a competition",
        _answers(
            goals=["sport_performance", "strength"],
            goal_notes="Judo competition on 2025-04-05, I need to cut 6 kg to make weight.",
            training_age_years=4,
            sessions_per_week=3,
            equipment=GYM,
            age_years=24,
        ),
        comment="Used to come out low risk and AI self-guided with no issue raised; drafting "
        "trims volume and adds no weight-loss conditioning.",
    ),
    GalleryCase(
        "awaiting-cardiac-clearance",
        "Awaiting cardiac clearance",
        _answers(
            goals=["general_fitness"],
            goal_notes="Had a stent in January; waiting for my cardiologist to clear me.",
            equipment=GYM,
            health_screen={"heart_condition": True, "medications": True},
            age_years=61,
        ),
        comment="Used to get a full barbell plan capped at RPE 7. No program until the coach "
        "records the clearance on the intake review; the draft endpoint answers 409.",
    ),
    GalleryCase(
        "cardiac-cleared",
        "After a stent, cleared by the cardiologist",
        _answers(
            goals=["general_fitness"],
            goal_notes="Had a stent in January; my cardiologist cleared me for the gym.",
            equipment=GYM,
            health_screen={"heart_condition": True, "medications": True},
            health_notes="Stent in January, on beta blockers; cleared for moderate exercise.",
            age_years=61,
        ),
        cleared=True,
        comment="The same client once the coach has recorded the cardiologist's clearance.",
    ),
    GalleryCase(
        "hypertrophy-4-day",
        "Intermediate, muscle gain, 4 days",
        _answers(
            goals=["muscle"],
            training_age_years=3,
            sessions_per_week=4,
            session_minutes=75,
            equipment=[*GYM, "e-z curl bar"],
            age_years=28,
        ),
        comment="Weekly sets per muscle against the volume landmarks.",
    ),
    GalleryCase(
        "home-dumbbells-fat-loss",
        "Novice at home with dumbbells and a bench, fat loss",
        _answers(
            goals=["fat_loss", "general_fitness"],
            session_minutes=40,
            equipment=["dumbbell", "bench", "bike"],
            age_years=38,
        ),
    ),
)


@dataclass(frozen=True)
class GalleryDraft:
    case: GalleryCase
    segment: segmentation.Segmentation
    request: DraftRequest | None
    program: DraftedProgram | None
    refusal: str = ""


def gallery_intake(case: GalleryCase) -> SimpleNamespace:
    """The case as an intake-like object (answers, and a clearance recorded when cleared)."""
    recorded = datetime.combine(GALLERY_START, datetime.min.time(), tzinfo=UTC)
    return SimpleNamespace(**case.answers, clearance_recorded_at=recorded if case.cleared else None)


def draft_case(case: GalleryCase, library: list[LibraryExercise]) -> GalleryDraft:
    """One case through segmentation, the intake's drafting request and the engine."""
    intake = gallery_intake(case)
    segment = segmentation.segment(answers_for_segmentation(intake))
    request = request_from_intake(
        intake,
        start=GALLERY_START,
        experience=segment.experience,
        risk=segment.risk,
        e1rm_by_exercise=case.history,
    )
    try:
        program = draft_program(request, library)
    except DraftingError as exc:
        return GalleryDraft(case, segment, request, None, str(exc))
    return GalleryDraft(case, segment, request, program)


# --- Markdown ----------------------------------------------------------------------------------
def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _reps(p) -> str:
    unit = {"reps": "", "seconds": " s", "minutes": " min"}[p.rep_unit]
    reps = f"{p.reps_min}" if p.reps_min == p.reps_max else f"{p.reps_min}–{p.reps_max}"
    return f"{p.sets} × {reps}{unit}"


def _week(week: DraftedWeek, label: str) -> list[str]:
    lines = [f"### Week {week.index}{label}", ""]
    for workout in week.workouts:
        lines += [
            f"**{workout.planned_date:%A %-d %B}: {workout.name}**",
            "",
            "| Exercise | Role | Sets × reps | RPE | Load | Rest | Notes |",
            "|---|---|---|---|---|---|---|",
        ]
        for p in workout.prescriptions:
            load = f"{p.target_load_kg:g} kg" if p.target_load_kg else ""
            rest = f"{p.rest_seconds} s" if p.rest_seconds else ""
            lines.append(
                f"| {_cell(p.exercise_name)} | {p.role} | {_reps(p)} | {p.target_rpe:g} | "
                f"{load} | {rest} | {_cell(p.notes)} |"
            )
        lines.append("")
    return lines


def shown_weeks(program: DraftedProgram) -> list[tuple[DraftedWeek, str]]:
    """Week 1, a middle week and the last week (the deload or taper when there is one)."""
    weeks = program.weeks
    last = weeks[-1]
    last_label = " (deload or taper)" if last.is_deload else " (last week, no deload)"
    chosen = [(weeks[0], " (first week)")]
    middle = weeks[len(weeks) // 2]
    if middle.index not in (weeks[0].index, last.index):
        chosen.append((middle, " (a middle week)"))
    if last.index != weeks[0].index:
        chosen.append((last, last_label))
    return chosen


def _intake_lines(case: GalleryCase) -> list[str]:
    answers = case.answers
    injuries = "; ".join(
        f"{i['area']} ({'current' if i.get('current') else 'past'}"
        f"{', ' + i['notes'] if i.get('notes') else ''})"
        for i in answers["injuries"]
    )
    yes = [HEALTH_SCREEN[key] for key, value in answers["health_screen"].items() if value]
    equipment = ", ".join(EQUIPMENT[item] for item in answers["equipment"]) or "none (body weight)"
    lines = [
        f"- Goals: {', '.join(GOALS[g] for g in answers['goals'])}",
        f"- Training age: {answers['training_age_years']} years; age {answers['age_years']}",
        f"- Schedule: {answers['sessions_per_week']} sessions a week, "
        f"{answers['session_minutes']} minutes",
        f"- Equipment: {equipment}",
    ]
    if injuries:
        lines.append(f"- Injuries: {injuries}")
    if answers["goal_notes"]:
        lines.append(f"- In their words: “{answers['goal_notes']}”")
    if yes:
        lines.append(f"- Health screen, answered yes: {' / '.join(yes)}")
    if answers["health_notes"]:
        lines.append(f"- Health details: “{answers['health_notes']}”")
    postpartum = answers["postpartum"]
    if postpartum:
        symptoms = ", ".join(POSTPARTUM_SYMPTOMS[s].lower() for s in postpartum["symptoms"])
        lines.append(
            f"- After birth: {postpartum['months_since_birth']} months; checked since the "
            f"birth: {'yes' if postpartum['checked_since_birth'] else 'no'}; symptoms: "
            f"{symptoms or 'none'}"
        )
    for screen, questions in (("eating_screen", EATING_SCREEN), ("energy_screen", ENERGY_SCREEN)):
        said = [questions[key] for key, value in answers[screen].items() if value]
        if said:
            lines.append(f"- Screen answered yes: {' / '.join(said)}")
    if case.history:
        shown = ", ".join(
            f"{key.replace('_', ' ')} {value:g} kg" for key, value in case.history.items()
        )
        lines.append(f"- History (best e1RM): {shown}")
    return lines


def render_case(draft: GalleryDraft) -> str:
    case, segment, program = draft.case, draft.segment, draft.program
    lines = [f"# {case.title}", ""]
    if case.comment:
        lines += [f"_{case.comment}_", ""]
    lines += ["## Intake", "", *_intake_lines(case), ""]
    lines += [
        "## Segment",
        "",
        f"Risk {segment.risk}, experience {segment.experience}, autonomy {segment.autonomy} "
        f"(from the segmentation rules; suggested service: "
        f"{SERVICE_TEXT[segment.suggested_service_model]}).",
        "",
    ]
    if segment.groups:
        lines += [f"High-stakes groups: {', '.join(g.replace('_', ' ') for g in segment.groups)}."]
        if case.cleared:
            lines += ["A coach recorded a medical clearance on the intake review."]
        lines.append("")
    if segment.referrals:
        lines += ["Referral suggested:", ""]
        lines += [f"- {referral.text}" for referral in segment.referrals]
        lines.append("")
    if segment.issues:
        lines += ["Issues for the coach:", ""]
        lines += [f"- {issue.text}" for issue in segment.issues]
        lines.append("")
    if program is None:
        lines += ["## No program", "", draft.refusal, ""]
        return "\n".join(lines)
    lines += [f"## {program.name}", "", "### Why", ""]
    for item in program.rationale:
        lines.append(f"- **{item.topic.replace('_', ' ')}**: {item.text}")
    lines.append("")
    for week, label in shown_weeks(program):
        lines += _week(week, label)
    lines += ["### Monitoring", ""]
    lines += [f"- {rule}" for rule in program.monitoring_rules]
    lines.append("")
    return "\n".join(lines)


def render_index(drafts: list[GalleryDraft]) -> str:
    lines = [
        "# Drafting gallery",
        "",
        "Programs the drafting engine writes for varied intakes, for review without running "
        f"anything. Generated by `python manage.py draft_gallery` for a start on "
        f"{GALLERY_START:%A %-d %B %Y}; a test regenerates these files and fails on any "
        "difference, so they always show what the code drafts. Each file shows the intake, the "
        "segment, the rationale, week 1, a middle week and the last week (the deload or taper), "
        "and the monitoring rules. The reviewed exercise pool with its joint grades is in "
        "[drafting-pool.md](drafting-pool.md).",
        "",
        "| Case | Segment | Program |",
        "|---|---|---|",
    ]
    for draft in drafts:
        name = draft.program.name if draft.program else "no program: " + draft.refusal.split(":")[0]
        lines.append(
            f"| [{draft.case.title}]({draft.case.slug}.md) | {draft.segment.risk} risk, "
            f"{draft.segment.experience}, "
            f"{SERVICE_TEXT[draft.segment.suggested_service_model]}"
            f"{', referral' if draft.segment.referral_suggested else ''} | {_cell(name)} |"
        )
    lines.append("")
    return "\n".join(lines)


def render_pool(library: list[LibraryExercise]) -> str:
    areas = ("shoulder", "elbow", "wrist", "lower back", "hip", "knee", "ankle", "neck")
    lines = [
        "# The reviewed drafting pool",
        "",
        "The library exercises a coach reviewed as fit to be drafted automatically "
        "(`programs/data/drafting_pool.csv`), with the roles each may fill, how much it loads "
        f"each area ({', '.join(LOAD_GRADES[1:])}; blank: none), what makes it friendlier on a "
        "sore joint, and what it needs. Everything else in the library stays searchable and "
        "is never drafted.",
        "",
        "Friendlier features: "
        + "; ".join(f"{name}: {text}" for name, text in FEATURE_TEXT.items())
        + ".",
        "",
    ]
    pooled = [e for e in library if e.draftable]
    for pattern in PATTERNS:
        rows = sorted((e for e in pooled if e.pattern == pattern), key=lambda e: e.name)
        if not rows:
            continue
        lines += [
            f"## {PATTERN_TEXT[pattern].capitalize()}",
            "",
            "| Exercise | Roles | " + " | ".join(areas) + " | Friendlier | Needs |",
            "|---|---|" + "---|" * len(areas) + "---|---|",
        ]
        for e in rows:
            grades = [e.load_on(area) for area in areas]
            needs = " or ".join(", ".join(sorted(option)) or "body weight" for option in e.needs)
            lines.append(
                f"| {_cell(e.name)} | {', '.join(sorted(e.roles))} | "
                + " | ".join("" if g == "none" else g for g in grades)
                + f" | {', '.join(e.friendlier)} | {needs} |"
            )
        lines.append("")
    return "\n".join(lines)


def render_gallery(library: list[LibraryExercise] | None = None) -> dict[str, str]:
    """Every gallery file by name: one per case, the index and the pool."""
    library = library if library is not None else load_library()
    drafts = [draft_case(case, library) for case in GALLERY_CASES]
    files = {f"{d.case.slug}.md": render_case(d) for d in drafts}
    files["README.md"] = render_index(drafts)
    files["drafting-pool.md"] = render_pool(library)
    return files
