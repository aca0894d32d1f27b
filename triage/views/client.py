"""The client's side of triage: the weekly check-in, the answer, and their own history."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from coaching.access import organization_page
from coaching.models import Client, Role
from programs.core.e1rm import EMPTY_BAR_KG
from programs.core.library import starts_from_empty_bar
from triage.checkins import submit_check_in
from triage.core.wording import end_sentence
from triage.models import CheckIn, CheckInQuestion
from triage.serializers import MAX_ANSWER_LENGTH, SYMPTOMS, CheckInSerializer

SCALES = [
    ("readiness", "Readiness to train", "1 = not ready at all", "5 = ready to go"),
    ("sleep_quality", "Sleep quality", "1 = very poor", "5 = great"),
    ("mood", "Mood", "1 = very low", "5 = great"),
    ("soreness", "Soreness", "1 = none", "5 = very sore"),
    ("fatigue", "Fatigue", "1 = fresh", "5 = exhausted"),
    ("stress", "Stress", "1 = calm", "5 = very stressed"),
]
SYMPTOM_LABELS = {
    "chest_pain": "Chest pain, pressure or tightness",
    "dizziness": "Dizziness or light-headedness",
    "fainting": "Fainting or nearly fainting",
    "shortness_of_breath": "Short of breath more than the effort explains",
    "palpitations": "Heart racing or pounding",
    "numbness": "Numbness or tingling",
    "weakness_one_side": "Weakness on one side",
    "vision_or_speech_changes": "Vision or speech changes",
    "severe_headache": "Severe headache",
    "nausea": "Nausea",
}


def _data_from_post(post) -> dict:
    data = {key: post.get(key) for key, *_ in SCALES if post.get(key)}
    for key in ("sleep_hours", "body_weight_kg", "satisfaction"):
        if post.get(key):
            data[key] = post.get(key)
    data["symptoms"] = [s for s in post.getlist("symptoms") if s]
    data["notes"] = post.get("notes", "")
    data["wants_human_review"] = post.get("wants_human_review") == "on"
    if post.get("client_uuid"):
        data["client_uuid"] = post["client_uuid"]
    data["extra_answers"] = {
        key[len("question-") :]: value.strip()[:MAX_ANSWER_LENGTH]
        for key, value in post.items()
        if key.startswith("question-") and value.strip()
    }
    if post.get("pain_area"):
        data["pain"] = {
            "area": post.get("pain_area"),
            "severity": post.get("pain_severity") or 0,
            "new": post.get("pain_new") == "on",
        }
    return data


@organization_page(roles=[Role.CLIENT])
@require_http_methods(["GET", "POST"])
def check_in(request: HttpRequest) -> HttpResponse:
    client = get_object_or_404(Client.objects.select_related("coach"), user=request.user)
    errors, values = {}, {}
    if request.method == "POST":
        values = request.POST
        serializer = CheckInSerializer(
            data=_data_from_post(request.POST), context={"organization": request.organization}
        )
        if serializer.is_valid():
            saved, _ = submit_check_in(client, dict(serializer.validated_data), by=request.user)
            return redirect("client_check_in_result", org=request.organization.slug, pk=saved.pk)
        errors = serializer.errors
    import uuid

    return render(
        request,
        "triage/check_in.html",
        {
            "scales": SCALES,
            "symptoms": [(key, SYMPTOM_LABELS[key]) for key in SYMPTOMS],
            "errors": errors,
            "values": values,
            "client_uuid": values.get("client_uuid") or uuid.uuid4(),
            "client": client,
            "questions": list(CheckInQuestion.objects.filter(active=True)),
        },
        status=400 if errors else 200,
    )


@organization_page(roles=[Role.CLIENT])
def check_in_result(request: HttpRequest, pk: int) -> HttpResponse:
    saved = get_object_or_404(CheckIn.objects.filter(client__user=request.user), pk=pk)
    return render(request, "triage/check_in_result.html", {"check_in": saved})


@organization_page(roles=[Role.CLIENT])
def plan(request: HttpRequest) -> HttpResponse:
    """The client's plan, and every change to it: automatic, or reviewed by which coach, and why."""
    from programs.models import Program, Recommendation
    from programs.queries import program_queryset

    client = get_object_or_404(Client.objects.select_related("coach"), user=request.user)
    active = program_queryset(Program.objects.filter(client=client, status="active")).first()
    changes = (
        Recommendation.objects.filter(client=client)
        .exclude(status__in=["pending_review", "on_hold", "rejected"])
        .select_related("decided_by")
        .order_by("-created_at")[:30]
    )
    waiting = Recommendation.objects.filter(
        client=client, status__in=["pending_review", "on_hold"]
    ).count()
    weeks = []
    if active is not None:
        from coaching.core.localtime import local_today
        from programs.plan_weeks import plan_weeks

        today = local_today(timezone.now(), client.zone_name)
        workouts = [w for week in active.weeks.all() for w in week.workouts.all()]
        deload = {week.pk for week in active.weeks.all() if week.is_deload}
        weeks = plan_weeks(workouts, today, deload_of=lambda w: w.week_id in deload)
    return render(
        request,
        "triage/plan.html",
        {
            "client": client,
            "program": active,
            "this_week": next((w for w in weeks if w.when == "this"), None),
            "coming_weeks": [w for w in weeks if w.when in ("next", "later")],
            "past_weeks": [w for w in weeks if w.when == "past"],
            "weeks_total": max((w.number for w in weeks), default=0),
            "changes": list(changes),
            "waiting": waiting,
        },
    )


@require_http_methods(["POST"])
@organization_page(roles=[Role.CLIENT])
def ask_coach(request: HttpRequest) -> HttpResponse:
    """'I want a person to decide': opens (or adds to) a client-request item for the coach."""
    from django.contrib import messages

    from triage import queue
    from triage.models import Source

    client = get_object_or_404(
        Client.objects.select_related("coach", "organization"), user=request.user
    )
    question = request.POST.get("question", "").strip()[:500]
    queue.open_or_update_item(
        client,
        level="yellow",
        reason_kind="human_requested",
        reasons=[
            {
                "code": "human_requested",
                "text": end_sentence(
                    f"The client asked for a coach's decision: {question or 'about their plan'}"
                ),
            }
        ],
        source=Source.CLIENT_REQUEST,
        raised_by_ai=False,
    )
    messages.success(
        request, "Your coach has been asked and will answer within your plan's response time."
    )
    return redirect("client_plan", org=request.organization.slug)


def _missed_day(raw: str | None, today):
    """The day named by the missed-session link (``?missed=YYYY-MM-DD``), if it is a real past
    or present day; anything else is ignored."""
    from datetime import date

    try:
        day = date.fromisoformat(raw or "")
    except ValueError:
        return None
    return day if day <= today else None


def _latest_check_in_facts(client):
    from coaching.core.localtime import local_day
    from triage.core.today_rules import CheckInFacts

    latest = CheckIn.objects.filter(client=client).order_by("-created_at").first()
    if latest is None:
        return None
    pain = latest.pain or {}
    return CheckInFacts(
        day=local_day(latest.created_at, client.zone_name),
        level=latest.level,
        message_to_client=latest.message_to_client,
        pain_area=pain.get("area") or None,
        pain_severity=int(pain.get("severity") or 0),
    )


@organization_page(roles=[Role.CLIENT])
def client_home(request: HttpRequest) -> HttpResponse:
    """Today: the planned workout with targets and last time's numbers, one tap per set, a rest
    timer, and 'I can't train today'. Logged sets survive a lost connection (sent again with
    the same uuid, so they cannot double). After a red flag (automation hold) the session gives
    way to what the hold means for today."""
    from datetime import datetime, time, timedelta

    from coaching.core.localtime import wall_time_to_aware
    from coaching.models import Intake
    from programs.models import PlannedWorkout, Prescription, SetLog, SkipReason, WorkoutLog
    from triage.core.today_rules import CATCH_UP_DAYS, choose_session, today_advice

    client = (
        Client.objects.select_related("coach", "organization").filter(user=request.user).first()
    )
    if client is None:
        return render(request, "triage/client_home.html", {"client": None})
    zone_name = client.zone_name
    today = client.today()
    intake = Intake.objects.filter(client=client).order_by("-version").first()
    logged_ids = WorkoutLog.objects.filter(client=client, workout__isnull=False).values(
        "workout_id"
    )
    unlogged = PlannedWorkout.objects.filter(client=client, program__status="active").exclude(
        pk__in=logged_ids
    )
    candidates = list(
        unlogged.filter(planned_date__gte=today - timedelta(days=CATCH_UP_DAYS))
        .order_by("planned_date", "day_index")
        .values_list("pk", "planned_date")[:20]
    )
    choice = choose_session(candidates, today)
    workout = (
        PlannedWorkout.objects.filter(pk=choice.workout_id).first()
        if choice.workout_id is not None
        else None
    )
    missed_day = _missed_day(request.GET.get("missed"), today)
    missed_workout = None
    if missed_day is not None:
        missed_workout = unlogged.filter(planned_date=missed_day).order_by("day_index").first()
    elif choice.kind == "missed":
        # The session on show is a past day's: skipping it speaks of that day, not of today.
        missed_day, missed_workout = choice.day, workout
    # A skip for a missed day is dated at that day's local noon, so it counts on that day.
    skip_workout = missed_workout or workout
    skip_performed_at = None
    if missed_workout is not None and missed_day < today:
        skip_performed_at = wall_time_to_aware(
            datetime.combine(missed_day, time(12)), zone_name
        ).isoformat()
    advice = today_advice(
        automation_hold=client.automation_hold,
        latest_check_in=_latest_check_in_facts(client),
        today=today,
        workout_name=workout.name if workout else None,
    )
    rows = []
    if workout is not None and (advice is None or advice.show_session):
        prescriptions = list(
            Prescription.objects.filter(workout=workout)
            .select_related("exercise")
            .order_by("order")
        )
        last_sets = {}
        for s in (
            SetLog.objects.filter(
                log__client=client,
                exercise_id__in=[p.exercise_id for p in prescriptions],
                is_warmup=False,
            )
            .order_by("exercise_id", "-log__performed_at", "set_index")
            .values("exercise_id", "reps", "load_kg", "log_id")
        ):
            first = last_sets.setdefault(s["exercise_id"], {"log": s["log_id"], "sets": []})
            if first["log"] == s["log_id"]:
                first["sets"].append(f"{s['reps']}×{float(s['load_kg']):g}")
        for p in prescriptions:
            rows.append(
                {
                    "prescription": p,
                    "load_default": _load_default(p),
                    "set_numbers": range(p.sets),
                    "last_time": ", ".join(last_sets.get(p.exercise_id, {}).get("sets", [])),
                }
            )
    return render(
        request,
        "triage/client_home.html",
        {
            "client": client,
            "intake": intake,
            "workout": workout,
            "show_session": workout is not None and (advice is None or advice.show_session),
            "advice": advice,
            "session_kind": choice.kind,
            "also_missed": [day for _, day in choice.also_missed],
            "missed_day": missed_day,
            "missed_workout": missed_workout,
            "skip_workout": skip_workout,
            "skip_label": f"I couldn't train on {missed_day:%A}"
            if missed_workout is not None and missed_day < today
            else "I can't train today",
            "skip_performed_at": skip_performed_at,
            "rows": rows,
            "skip_reasons": SkipReason.choices,
            "recent": list(WorkoutLog.objects.filter(client=client).order_by("-performed_at")[:5]),
            "habits": _todays_habits(client, today),
            "today": today,
        },
    )


def _todays_habits(client, today) -> list[dict]:
    """The client's active habits, each with whether it is ticked for their local today (one
    query)."""
    from django.db.models import Exists, OuterRef

    from triage.models import Habit, HabitCheck

    habits = (
        Habit.objects.filter(client=client, active=True)
        .annotate(done=Exists(HabitCheck.objects.filter(habit=OuterRef("pk"), day=today)))
        .order_by("created_at", "id")
    )
    return [{"habit": h, "done": h.done} for h in habits]


@organization_page(roles=[Role.CLIENT])
@require_http_methods(["GET", "POST"])
def client_settings(request: HttpRequest) -> HttpResponse:
    """The client's own preferences: morning reminders of planned sessions, on or off, and
    their own time zone (blank: the organization's)."""
    from django.contrib import messages

    from coaching.core.localtime import zone_label
    from coaching.forms import TimeZoneForm

    client = get_object_or_404(Client.objects, user=request.user)
    zone_form = TimeZoneForm(
        initial={"time_zone": client.time_zone}, organization_zone=request.organization.time_zone
    )
    status = 200
    if request.method == "POST" and request.POST.get("section") == "time_zone":
        zone_form = TimeZoneForm(request.POST, organization_zone=request.organization.time_zone)
        if zone_form.is_valid():
            client.time_zone = zone_form.cleaned_data["time_zone"]
            client.save(update_fields=["time_zone"])
            messages.success(request, f"Your days now follow {zone_label(client.zone_name)} time.")
            return redirect("client_settings", org=request.organization.slug)
        status = 400
    elif request.method == "POST":
        client.reminders_enabled = request.POST.get("reminders_enabled") == "on"
        client.save(update_fields=["reminders_enabled"])
        messages.success(
            request,
            "Reminders are on." if client.reminders_enabled else "Reminders are off.",
        )
        return redirect("client_settings", org=request.organization.slug)
    return render(
        request,
        "triage/client_settings.html",
        {"client": client, "zone_form": zone_form, "local_now": timezone.now()},
        status=status,
    )


def _load_default(prescription) -> float:
    """The kg a set starts at on Today: the target, else the empty bar for a barbell lift,
    else 0 (body weight)."""
    if prescription.target_load_kg is not None:
        return prescription.target_load_kg
    exercise = prescription.exercise
    if starts_from_empty_bar(exercise.equipment, exercise.pattern, exercise.name):
        return EMPTY_BAR_KG
    return 0
