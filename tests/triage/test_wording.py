"""Reasons a client reads about themselves are addressed to them, and every sentence ends once."""

import pytest

from triage.core.wording import end_sentence, for_client


@pytest.mark.parametrize(
    ("text", "ended"),
    [
        ("Can I swap squats?", "Can I swap squats?"),
        (
            'Mild pain in the knee: "Knee is sore again after squats."',
            'Mild pain in the knee: "Knee is sore again after squats."',
        ),
        ('Notes mention dizziness: "felt dizzy"', 'Notes mention dizziness: "felt dizzy".'),
        ("Wow!", "Wow!"),
        ("More to say…", "More to say…"),
        ("Plain", "Plain."),
        ("", ""),
    ],
)
def test_a_sentence_ends_with_one_mark(text, ended):
    assert end_sentence(text) == ended


@pytest.mark.parametrize(
    ("coach_text", "client_text"),
    [
        (
            "The client ticked chest pain, pressure or tightness.",
            "You ticked chest pain, pressure or tightness.",
        ),
        (
            "The client asked for a person to look at this check-in.",
            "You asked for a person to look at this check-in.",
        ),
        (
            'The check-in notes mention shortness of breath out of proportion: "short of breath".',
            'Your notes mention shortness of breath out of proportion: "short of breath".',
        ),
        (
            "missed the last 4 planned sessions in a row",
            "You missed the last 4 planned sessions in a row.",
        ),
        (
            "missed the last 3 planned sessions in a row and reports high fatigue: fatigue averaged 5.0 of 5 over the last 7 days (usual 1.8)",
            "You missed the last 3 planned sessions in a row and report high fatigue: your fatigue averaged 5.0 of 5 over the last 7 days (usual 1.8).",
        ),
        (
            "completed 1 session last week, 3 planned; usually 4 a week",
            "You completed 1 session last week, 3 planned; usually 4 a week.",
        ),
        ("has logged nothing for 9 days", "You have logged nothing for 9 days."),
        (
            "readiness averaged 2.5 of 5 in the last two check-ins (usual 4.0); sleep averaged 6.5 hours a night in the last two check-ins (usual 7.6)",
            "Your readiness averaged 2.5 of 5 in the last two check-ins (usual 4.0); your sleep averaged 6.5 hours a night in the last two check-ins (usual 7.6).",
        ),
        (
            "Barbell Squat estimated 1RM fell 6% over the last 3 weeks (the other main lifts held better) while the client reports feeling fine (readiness 4.0 of 5); the stated goal conflicts with the data",
            "Your Barbell Squat estimated 1RM fell 6% over the last 3 weeks (the other main lifts held better) while you report feeling fine (readiness 4.0 of 5); your stated goal conflicts with the data.",
        ),
        (
            "Moderate pain in the knee with Lunge, an exercise new to the client (first logged today) (severity 5/10).",
            "Moderate pain in the knee with Lunge, an exercise new to you (first logged today) (severity 5/10).",
        ),
        (
            "The client asked for a coach's decision: Can I run instead?",
            "You asked for a coach's decision: Can I run instead?",
        ),
    ],
)
def test_a_reason_reads_to_the_client_in_the_second_person(coach_text, client_text):
    assert for_client(coach_text) == client_text
