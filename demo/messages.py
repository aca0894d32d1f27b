"""A few realistic threads between demo clients and their coaches: answered questions, one
waiting for the coach (and one late), one new to the client. Bulk-created, skipped for clients
who already have a thread, and marked as emailed so a worker sends nothing about them."""

from __future__ import annotations

from datetime import datetime, timedelta

from messaging.models import Message, Thread

CLIENT, COACH = "client", "coach"

# Per thread: (who writes, how long ago, what they say). Read by the other side unless the last
# message is marked unread.
CONVERSATIONS = [
    [
        (
            CLIENT,
            timedelta(days=3, hours=2),
            "Morning! Squats felt heavy on Monday. Should I drop the weight or push through?",
        ),
        (
            COACH,
            timedelta(days=2, hours=22),
            "Good question. Keep the load and stop each set at RPE 8. If the bar slows right down, take 5 kg off the last set. Tell me how Thursday goes.",
        ),
        (
            CLIENT,
            timedelta(days=1, hours=3),
            "Thursday went better: all sets at 80 kg, RPE 8 on the last one.",
        ),
        (
            COACH,
            timedelta(hours=2),
            "That's exactly what we want. Next week we add 2.5 kg. Sleep well before Monday!",
        ),
    ],
    [
        (
            COACH,
            timedelta(days=6),
            "Welcome aboard! I've been through your intake. Any questions about the first week?",
        ),
        (
            CLIENT,
            timedelta(days=5, hours=20),
            "All clear, excited to start. Is the warm-up the same every session?",
        ),
        (
            COACH,
            timedelta(days=5, hours=17),
            "Same 8 minutes each time: bike, then the mobility drills in the notes. It adds up.",
        ),
    ],
    [
        (
            CLIENT,
            timedelta(days=2, hours=6),
            "Sleep has been rough with the new baby, five hours a night. Should I cut a session?",
        ),
        (
            COACH,
            timedelta(days=2, hours=1),
            "Congratulations! Yes: two sessions a week for the next three weeks, same lifts, one fewer set each. We'll build back up when nights get easier.",
        ),
        (CLIENT, timedelta(days=1, hours=23), "Thank you, that takes the pressure off."),
    ],
    [
        (
            CLIENT,
            timedelta(hours=5),
            "I'm travelling next week with only a hotel gym, dumbbells up to 25 kg. Can we adapt the plan?",
        ),
    ],
    [
        (
            CLIENT,
            timedelta(days=1, hours=7),
            "Is it OK to run on my rest days? Thinking 20 minutes easy.",
        ),
    ],
    [
        (CLIENT, timedelta(days=9), "My shoulder clicks on overhead press, no pain though."),
        (
            COACH,
            timedelta(days=8, hours=20),
            "Thanks for flagging it. Click without pain is usually fine: keep the elbows a little forward and we'll watch it. Tell me at once if it starts to hurt.",
        ),
        (CLIENT, timedelta(days=4), "Still clicking, still no pain. Pressed 42.5 kg today!"),
        (COACH, timedelta(days=3, hours=21), "Great press. Keep going."),
    ],
]
UNANSWERED = {3, 4}  # threads whose last client message the team has not read


def conversation_clients(clients) -> list:
    """The clients whose threads the demo writes: the first few with a coach."""
    return [c for c in clients if c.coach_id][: len(CONVERSATIONS)]


def seed_messages(organization, clients, now: datetime) -> int:
    """Threads for the first few clients (``client@demo.test`` first); returns messages made."""
    chosen = conversation_clients(clients)
    existing = set(Thread.objects.filter(client__in=chosen).values_list("client_id", flat=True))
    pairs = [(client, number) for number, client in enumerate(chosen) if client.pk not in existing]
    if not pairs:
        return 0
    threads = Thread.objects.bulk_create(
        [
            Thread(
                organization=organization,
                client=client,
                last_message_at=now - CONVERSATIONS[number][-1][1],
            )
            for client, number in pairs
        ]
    )
    messages = Message.objects.bulk_create(
        [
            Message(
                organization=organization,
                thread=thread,
                author=client.user if who == CLIENT else client.coach,
                author_role=who,
                body=body,
                created_at=now - ago,
            )
            for thread, (client, number) in zip(threads, pairs, strict=True)
            for who, ago, body in CONVERSATIONS[number]
        ]
    )
    by_thread: dict[int, list[Message]] = {}
    for message in messages:
        by_thread.setdefault(message.thread_id, []).append(message)
    for thread, (_, number) in zip(threads, pairs, strict=True):
        written = by_thread[thread.pk]
        last = written[-1].pk
        team_read = [m.pk for m in written if m.author_role == CLIENT]
        client_read = [m.pk for m in written if m.author_role == COACH]
        if number == 0:  # the coach's last word is new to client@demo.test
            client_read = client_read[:-1]
        if number in UNANSWERED:
            team_read = []
        thread.team_read_up_to = max(team_read, default=0)
        thread.client_read_up_to = max(client_read, default=0)
        thread.team_emailed_up_to = thread.client_emailed_up_to = last
    Thread.objects.bulk_update(
        threads,
        ["team_read_up_to", "client_read_up_to", "team_emailed_up_to", "client_emailed_up_to"],
    )
    return len(messages)
