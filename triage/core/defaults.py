"""The brief's escalation matrix and reply templates, which every organization starts from.

"A coach should know exactly which flags trigger a same-day review, which trigger a plan
modification within 24 hours, and which require a referral." Pure data; owners edit their copy,
except the locked red rules. Red rules are due within the one red response time
(``billing.core.policy.RED_RESPONSE_HOURS``): safety is the same on every tier.
"""

from billing.core.policy import RED_RESPONSE_HOURS
from coaching.core.traffic_light import RED, YELLOW

RED_HOURS = RED_RESPONSE_HOURS  # the one red response time, under the matrix's name
SAME_DAY_HOURS = 8.0
PLAN_CHANGE_HOURS = 24.0
# Pain is graded by triage.core.redflags.pain.grade_pain: severe is red, moderate the same day, a mild
# new ache within a day.
MODERATE_PAIN_HOURS = SAME_DAY_HOURS
MILD_PAIN_HOURS = 24.0

# trigger -> (level, response hours, action, description)
ESCALATION_RULES: dict[str, tuple[str, float, str, str]] = {
    "chest_pain": (RED, RED_HOURS, "referral", "Chest pain, pressure or tightness"),
    "fainting": (RED, RED_HOURS, "referral", "Fainting or blacking out"),
    "dizziness": (RED, RED_HOURS, "referral", "Dizziness or light-headedness"),
    "shortness_of_breath": (RED, RED_HOURS, "referral", "Shortness of breath out of proportion"),
    "palpitations": (RED, RED_HOURS, "referral", "Palpitations or a racing heart"),
    "numbness": (RED, RED_HOURS, "referral", "Numbness or tingling"),
    "weakness_one_side": (RED, RED_HOURS, "referral", "Weakness on one side"),
    "vision_or_speech_changes": (RED, RED_HOURS, "referral", "Vision or speech changes"),
    "severe_headache": (RED, RED_HOURS, "referral", "Severe headache"),
    "confusion": (RED, RED_HOURS, "referral", "Confusion or disorientation"),
    "new_pain": (
        RED,
        RED_HOURS,
        "same_day_review",
        "Sharp, sudden, popped, swollen, worsening or severe (7/10 or more) pain",
    ),
    "self_harm": (RED, RED_HOURS, "referral", "Self-harm or suicidal thoughts"),
    "emotional_distress": (RED, RED_HOURS, "referral", "Hopelessness or acute distress"),
    "extreme_restriction": (RED, RED_HOURS, "referral", "Signs of extreme caloric restriction"),
    "compulsive_exercise": (RED, RED_HOURS, "referral", "Training through injury or illness"),
    "moderate_pain": (
        YELLOW,
        MODERATE_PAIN_HOURS,
        "same_day_review",
        "Pain of 4–6/10, or pain that stopped an exercise",
    ),
    "mild_new_pain": (
        YELLOW,
        MILD_PAIN_HOURS,
        "plan_change_24h",
        "A mild new ache (3/10 or less, no warning signs)",
    ),
    "known_pain_high": (YELLOW, SAME_DAY_HOURS, "same_day_review", "Known pain flaring up"),
    "exertional_headache": (
        YELLOW,
        SAME_DAY_HOURS,
        "same_day_review",
        "Headache brought on by exertion",
    ),
    "nausea": (YELLOW, SAME_DAY_HOURS, "same_day_review", "Nausea"),
    "low_mood": (YELLOW, SAME_DAY_HOURS, "same_day_review", "Low mood, stress or burn-out"),
    "disordered_eating": (
        YELLOW,
        SAME_DAY_HOURS,
        "same_day_review",
        "Signs of disordered eating (bingeing, guilt or fear around food)",
    ),
    "training_guilt": (
        YELLOW,
        SAME_DAY_HOURS,
        "same_day_review",
        "Guilt or anxiety about missing training, or training to burn off food",
    ),
    "human_requested": (
        YELLOW,
        PLAN_CHANGE_HOURS,
        "same_day_review",
        "The client asked for a person",
    ),
    "context_change": (
        YELLOW,
        PLAN_CHANGE_HOURS,
        "plan_change_24h",
        "Medication, pregnancy or major life stress",
    ),
    "unusual_fatigue": (
        YELLOW,
        PLAN_CHANGE_HOURS,
        "plan_change_24h",
        "Unusual fatigue or low readiness",
    ),
    "adherence_drop": (
        YELLOW,
        PLAN_CHANGE_HOURS,
        "plan_change_24h",
        "Completing far fewer sessions than usual",
    ),
    "missed_sessions": (
        YELLOW,
        PLAN_CHANGE_HOURS,
        "plan_change_24h",
        "Several planned sessions missed in a row",
    ),
    "performance_decline": (
        YELLOW,
        PLAN_CHANGE_HOURS,
        "plan_change_24h",
        "Lifts declining over weeks",
    ),
    "goal_conflicts_with_data": (
        YELLOW,
        PLAN_CHANGE_HOURS,
        "plan_change_24h",
        "Feels fine but the data says otherwise",
    ),
    "recovery_decline": (
        YELLOW,
        PLAN_CHANGE_HOURS,
        "plan_change_24h",
        "Readiness, sleep or fatigue drifting the wrong way",
    ),
    "low_checkin_response": (
        YELLOW,
        PLAN_CHANGE_HOURS,
        "same_day_review",
        "Check-ins going unanswered",
    ),
    "inactive": (
        YELLOW,
        PLAN_CHANGE_HOURS,
        "same_day_review",
        "No training logged for a long time",
    ),
    "habit_drop": (
        YELLOW,
        PLAN_CHANGE_HOURS,
        "plan_change_24h",
        "Daily habits let go for a week, against the client's usual",
    ),
}

# Red flags that call for a referral (medical and mental-health warning signs) are the same in
# every organization: no owner may lower one below red, switch it off, or give a person more than
# RED_HOURS to answer it. Derived from the rules above, so a red referral trigger added there is
# locked too. Pain rules (red, but a same-day review) stay the owner's to grade.
LOCKED_RED_TRIGGERS: frozenset[str] = frozenset(
    trigger
    for trigger, (level, _hours, action, _description) in ESCALATION_RULES.items()
    if level == RED and action == "referral"
)
LOCKED_REASON = (
    "Fixed on every tier: a medical or mental-health warning sign is always red and reaches a "
    "person within 1 hour."
)


def enforced_rule(trigger: str, level: str, hours: float) -> tuple[str, float]:
    """The (level, response hours) a stored rule really has: a locked trigger is red whatever
    was stored, and anything red is answered within RED_HOURS."""
    if trigger in LOCKED_RED_TRIGGERS:
        level = RED
    if level == RED:
        hours = min(hours, RED_HOURS)
    return level, hours


# resolution -> [(name, body)]. Neutral, specific, no shame; {name} is the client's first name.
REPLY_TEMPLATES: dict[str, list[tuple[str, str]]] = {
    "no_change": [
        (
            "All good, carry on",
            "Hi {name}, thanks for telling me. I've looked at this and your plan stays as it is for now. Keep letting me know how it feels.",
        ),
    ],
    "minor_change": [
        (
            "Small adjustment",
            "Hi {name}, thanks for the update. I've made a small change to your plan so it fits how things are going right now — you'll see it on your plan page. Tell me how the next session feels.",
        ),
        (
            "Lighter week",
            "Hi {name}, your recent sessions and check-ins say your body could use an easier week. I've lowered the volume for now; we'll build back up from there.",
        ),
    ],
    "escalated": [
        (
            "Let's talk",
            "Hi {name}, I'd like to talk this through with you properly. I'll be in touch today to find a time.",
        ),
    ],
    "referred_out": [
        (
            "Please see a doctor",
            "Hi {name}, what you described needs a medical professional before we train again. Please see your doctor (or urgent care if it gets worse). Your plan is paused until you're cleared — there's no rush, your health comes first.",
        ),
        (
            "Support beyond training",
            "Hi {name}, thank you for trusting me with this. It's beyond what coaching should handle alone, so I'd like you to talk to a professional who can help. Your training will wait for you; let me know when you're ready.",
        ),
    ],
    "false_alarm": [
        (
            "Nothing to worry about",
            "Hi {name}, I checked this with you and it turned out to be nothing to worry about. Your plan continues as normal.",
        ),
    ],
}
