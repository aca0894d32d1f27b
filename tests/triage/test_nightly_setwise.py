"""The nightly job's set-wise paths: several organizations in one call, one insert for a chunk's
scores, review items opened or updated together, and a constant number of queries per chunk."""

import math
from concurrent.futures import Future
from datetime import date, timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from coaching.models import Notification
from coaching.tenancy import tenant_scope
from tests.factories import CheckInFactory, ClientFactory, OrganizationFactory, build_history
from triage import nightly, queue, tasks
from triage.models import AdherenceScore, ReviewItem, ScoringRun
from triage.nightly import score_organization, score_organizations
from triage.nightly.read import load_batch

pytestmark = pytest.mark.django_db

DAY = date(2026, 11, 20)
LONG_AGO = timezone.make_aware(timezone.datetime(2026, 1, 1))


def fading_client(org, coach=None):
    """A client who stopped training two weeks ago: yellow with reasons, and a planned session
    missed on the scored day."""
    client = ClientFactory(organization=org, coach=coach, created_at=LONG_AGO)
    build_history(client, days=42, today=DAY, completed=lambda day: day < DAY - timedelta(days=13))
    return client


def steady_client(org):
    client = ClientFactory(organization=org, created_at=LONG_AGO)
    build_history(client, days=42, today=DAY)
    return client


def test_several_organizations_scored_together_each_get_their_own_scores_and_summary(
    org, other_org
):
    ours = [fading_client(org), steady_client(org)]
    theirs = fading_client(other_org)

    runs = score_organizations([org, other_org], DAY)

    assert [run.organization_id for run in runs] == [org.pk, other_org.pk]
    assert [run.clients_scored for run in runs] == [2, 1]
    assert runs[0].flags == {"green": 1, "yellow": 1, "red": 0}
    assert set(
        AdherenceScore.unscoped.filter(organization=org).values_list("client", flat=True)
    ) == {client.pk for client in ours}
    assert AdherenceScore.unscoped.get(organization=other_org).client_id == theirs.pk
    assert set(ReviewItem.unscoped.values_list("organization", flat=True)) == {org.pk, other_org.pk}


def test_scoring_together_gives_the_same_levels_and_reasons_as_one_organization_alone(
    org, other_org
):
    fading_client(org)
    fading_client(other_org)
    score_organizations([org, other_org], DAY)
    together = list(
        AdherenceScore.unscoped.order_by("organization").values_list("level", "reasons")
    )
    AdherenceScore.unscoped.all().delete()
    ScoringRun.unscoped.all().delete()

    for organization in (org, other_org):
        score_organization(organization, DAY)

    alone = list(AdherenceScore.unscoped.order_by("organization").values_list("level", "reasons"))
    assert together == alone


def test_rerunning_several_organizations_changes_nothing(org, other_org):
    fading_client(org)
    fading_client(other_org)
    score_organizations([org, other_org], DAY)
    before = list(ReviewItem.unscoped.order_by("id").values_list("id", "evidence"))

    runs = score_organizations([org, other_org], DAY)

    assert AdherenceScore.unscoped.count() == 2
    assert list(ReviewItem.unscoped.order_by("id").values_list("id", "evidence")) == before
    assert [run.clients_scored for run in runs] == [1, 1]


def test_a_night_killed_after_its_first_chunk_keeps_that_chunk_and_finishes_the_rest(
    org, monkeypatch
):
    clients = [fading_client(org) for _ in range(3)]
    real_score_batch = nightly.run.score_batch
    calls = []

    def killed_after_one_batch(*args, **kwargs):
        if calls:
            raise SystemExit("worker killed")
        calls.append(1)
        return real_score_batch(*args, **kwargs)

    monkeypatch.setattr(nightly.run, "score_batch", killed_after_one_batch)
    with pytest.raises(SystemExit):
        score_organization(org, DAY, chunk_size=2)
    assert AdherenceScore.unscoped.count() == 2
    assert ScoringRun.unscoped.get().status == "running"
    monkeypatch.setattr(nightly.run, "score_batch", real_score_batch)

    run = score_organization(org, DAY, chunk_size=2)

    assert run.status == "done"
    assert run.clients_scored == 3
    assert sorted(AdherenceScore.unscoped.values_list("client", flat=True)) == sorted(
        client.pk for client in clients
    )
    assert ReviewItem.unscoped.filter(reason_kind="adherence_drop").count() == 3


def test_a_chunk_insert_keeps_the_score_already_written_for_the_day(org):
    client = steady_client(org)
    AdherenceScore.unscoped.create(organization=org, client=client, date=DAY, level="yellow")
    values = {
        "organization_id": org.pk,
        "client_id": client.pk,
        "date": DAY,
        "level": "green",
        **{name: None for name in nightly.SCORE_FIELDS},
        "readiness_z": None,
        "risk": None,
        "reasons": [],
        "features": {},
        "created_at": timezone.now(),
    }

    with tenant_scope(org):
        nightly.insert_scores([values])

    assert AdherenceScore.unscoped.get(client=client, date=DAY).level == "yellow"


def test_opening_items_together_adds_to_an_open_item_instead_of_a_second_row(org, coach):
    client = ClientFactory(organization=org, coach=coach)
    now = timezone.now()
    with tenant_scope(org):
        existing, _ = queue.open_or_update_item(
            client,
            level="yellow",
            reason_kind="inactive",
            reasons=[{"code": "inactive", "text": "has logged nothing for 14 days"}],
            source="nightly",
            now=now,
        )
        opened = queue.open_or_update_items(
            org,
            [
                queue.Opening(
                    client=client,
                    level="red",
                    reason_kind="inactive",
                    reasons=[{"code": "inactive", "text": "has logged nothing for 21 days"}],
                    due_at=now + timedelta(hours=1),
                ),
                queue.Opening(
                    client=client,
                    level="yellow",
                    reason_kind="missed_sessions",
                    reasons=[{"code": "missed_sessions", "text": "missed the last 4"}],
                    due_at=now + timedelta(hours=24),
                ),
            ],
            source="nightly",
            now=now,
        )

    assert opened == 1
    existing.refresh_from_db()
    assert (existing.level, len(existing.evidence)) == ("red", 2)
    assert existing.due_at == now + timedelta(hours=1)
    new = ReviewItem.unscoped.get(reason_kind="missed_sessions")
    assert (new.level, new.assigned_to, new.source) == ("yellow", coach, "nightly")


def test_opening_items_together_uses_the_same_queries_for_five_clients_as_for_fifty(
    org, django_assert_max_num_queries
):
    def openings(count):
        now = timezone.now()
        return [
            queue.Opening(
                client=ClientFactory(organization=org),
                level="yellow",
                reason_kind="inactive",
                reasons=[{"code": "inactive", "text": "has logged nothing for 14 days"}],
                due_at=now,
            )
            for _ in range(count)
        ]

    few, many = openings(5), openings(50)
    with tenant_scope(org):
        with django_assert_max_num_queries(5) as counted:
            queue.open_or_update_items(org, few, source="nightly", now=timezone.now())
        base = len(counted.captured_queries)
        with django_assert_max_num_queries(
            base + extra_pages(INSERTED, 50) - extra_pages(INSERTED, 5)
        ):
            assert queue.open_or_update_items(org, many, source="nightly", now=timezone.now()) == 50
        with django_assert_max_num_queries(base + extra_pages(UPDATED, 50)):  # all updates now
            assert queue.open_or_update_items(org, many, source="nightly", now=timezone.now()) == 0


# The columns open_or_update_items writes in bulk: every column of a new item, five of an open one.
INSERTED = [f for f in ReviewItem._meta.concrete_fields if not f.primary_key]
UPDATED = ["pk", "pk", "evidence", "reasons", "updated_at", "level", "due_at"]


def extra_pages(fields, rows: int) -> int:
    """Statements beyond the first that the database needs to write ``rows`` rows of ``fields``
    in bulk. Postgres takes them in one; SQLite pages them at its limit of bound variables
    (Django's ``bulk_batch_size``), so its count grows in steps, never per row."""
    per_statement = max(connection.ops.bulk_batch_size(fields, [None] * rows), 1)
    return math.ceil(rows / per_statement) - 1


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite splits bulk inserts into pages of 999 parameters, so its count grows in steps",
)
def test_a_night_runs_the_same_number_of_queries_for_fifty_flagged_clients_as_for_five(
    org, other_org, coach, django_assert_max_num_queries
):
    """Scores, review items, prompts: one query per kind per chunk, never one per client."""
    for _ in range(5):
        fading_client(org, coach)
    for _ in range(50):
        fading_client(other_org)
    with django_assert_max_num_queries(60) as five:
        score_organization(org, DAY)

    with django_assert_max_num_queries(len(five.captured_queries)):
        run = score_organization(other_org, DAY)

    assert run.clients_scored == 50
    assert ReviewItem.unscoped.filter(organization=other_org).count() >= 50


def test_one_batch_spanning_several_organizations_is_killed_and_reruns_to_the_same_end_state(
    org, other_org, monkeypatch
):
    ours = [fading_client(org) for _ in range(2)]
    theirs = [fading_client(other_org) for _ in range(2)]
    days, batches = nightly.begin_night([org, other_org], DAY, batch_clients=3)
    assert [sorted({entry[0] for entry in batch}) for batch in batches] == [
        sorted([org.pk, other_org.pk]),
        [other_org.pk],
    ]

    def killed_while_writing(*args, **kwargs):
        raise SystemExit("worker killed")

    monkeypatch.setattr(nightly.proposals, "propose_adjustments", killed_while_writing)
    with pytest.raises(SystemExit):
        nightly.score_batch(batches[0])
    assert AdherenceScore.unscoped.count() == 0  # the batch is one transaction
    monkeypatch.undo()

    for batch in nightly.begin_night([org, other_org], DAY, batch_clients=3)[1]:
        nightly.score_batch(batch)
    runs = nightly.finish_night(days)

    assert [(run.organization_id, run.clients_scored) for run in runs] == [
        (org.pk, 2),
        (other_org.pk, 2),
    ]
    for organization, clients in ((org, ours), (other_org, theirs)):
        assert set(
            AdherenceScore.unscoped.filter(organization=organization).values_list(
                "client", flat=True
            )
        ) == {client.pk for client in clients}
        assert set(
            ReviewItem.unscoped.filter(reason_kind="adherence_drop")
            .filter(organization=organization)
            .values_list("client", flat=True)
        ) == {client.pk for client in clients}
    assert nightly.begin_night([org, other_org], DAY, batch_clients=3)[1] == []


def test_the_celery_chord_scores_every_batch_then_writes_each_organizations_summary(
    org, other_org, monkeypatch
):
    fading_client(org)
    steady_client(other_org)
    monkeypatch.setattr(
        tasks, "begin_night", lambda orgs, day: nightly.begin_night(orgs, day, batch_clients=1)
    )

    tasks.start_night([org.pk, other_org.pk], DAY.isoformat())

    runs = ScoringRun.unscoped.order_by("organization_id")
    assert [(run.organization_id, run.status, run.clients_scored) for run in runs] == [
        (org.pk, "done", 1),
        (other_org.pk, "done", 1),
    ]
    assert runs[0].flags == {"green": 0, "yellow": 1, "red": 0}


def test_a_batch_runs_the_same_number_of_queries_for_six_organizations_as_for_two(
    django_assert_max_num_queries,
):
    few = [OrganizationFactory() for _ in range(2)]
    many = [OrganizationFactory() for _ in range(6)]
    for organization in few + many:
        fading_client(organization)
    with django_assert_max_num_queries(80) as two:
        score_organizations(few, DAY)

    with django_assert_max_num_queries(len(two.captured_queries)):
        runs = score_organizations(many, DAY)

    assert [run.clients_scored for run in runs] == [1] * 6


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="reading ahead needs a second connection that sees the same committed rows",
)
@pytest.mark.django_db(transaction=True)
def test_batches_read_ahead_on_their_own_connection_score_as_batches_read_in_place(
    monkeypatch,
):
    organizations = [OrganizationFactory() for _ in range(2)]
    for organization in organizations:
        fading_client(organization)
        steady_client(organization)
    read_ahead = []
    reading = nightly.run._read_batch
    monkeypatch.setattr(
        nightly.run, "_read_batch", lambda *args: read_ahead.append(args) or reading(*args)
    )
    score_organizations(organizations, DAY, batch_clients=1)
    ahead = list(AdherenceScore.unscoped.order_by("client").values_list("level", "reasons"))
    AdherenceScore.unscoped.all().delete()
    ScoringRun.unscoped.all().delete()
    ReviewItem.unscoped.all().delete()

    for batch in nightly.begin_night(organizations, DAY, batch_clients=1)[1]:
        nightly.score_batch(batch)

    assert len(read_ahead) == 3  # every batch but the first
    assert list(AdherenceScore.unscoped.order_by("client").values_list("level", "reasons")) == ahead


def test_inputs_read_ahead_for_other_clients_are_not_used():
    read = Future()
    read.set_result(([ClientStub(1), ClientStub(2)], {"logs": "read for clients 1 and 2"}))
    ahead = nightly.run.ReadAhead(read)

    assert ahead.inputs_for([ClientStub(1), ClientStub(2)]) == {"logs": "read for clients 1 and 2"}
    assert ahead.inputs_for([ClientStub(2)]) is None


def test_a_failed_read_ahead_leaves_the_batch_to_read_for_itself():
    read = Future()
    read.set_exception(ConnectionError("the database went away"))

    ahead = nightly.run.ReadAhead(read)

    assert (ahead.clients(), ahead.inputs_for([ClientStub(1)])) == (None, None)


class ClientStub:
    def __init__(self, pk):
        self.pk = pk


def test_no_batch_reads_ahead_inside_a_transaction_or_when_there_is_no_next_batch():
    assert not nightly.run.ReadAhead.possible(1)
    assert not nightly.run.ReadAhead.possible(3)  # the test's own transaction


def missing_the_day(org):
    """A client who trains every planned day but the scored one."""
    client = ClientFactory(organization=org, created_at=LONG_AGO)
    build_history(
        client, days=30, today=DAY, planned_weekdays=(DAY.weekday(),), completed=lambda d: d != DAY
    )
    return client


def test_one_batch_prompts_each_organizations_missed_sessions_with_its_own_link(org, other_org):
    ours, theirs = missing_the_day(org), missing_the_day(other_org)
    trained = ClientFactory(organization=other_org, created_at=LONG_AGO)
    build_history(trained, days=30, today=DAY, planned_weekdays=(DAY.weekday(),))

    score_organizations([org, other_org], DAY)

    prompts = dict(Notification.unscoped.values_list("user_id", "url"))
    assert prompts == {
        ours.user_id: reverse("client_home", args=[org.slug]) + f"?missed={DAY.isoformat()}",
        theirs.user_id: reverse("client_home", args=[other_org.slug])
        + f"?missed={DAY.isoformat()}",
    }


def test_a_batchs_inputs_hold_only_its_clients_when_another_lies_between_them(org):
    first, between, last = steady_client(org), steady_client(org), steady_client(org)
    ours = {first.pk: DAY, last.pk: DAY}

    inputs = load_batch(
        [org.pk], ours, {pk: "UTC" for pk in ours}, organization_of={pk: org.pk for pk in ours}
    )

    for name in ("clients", "planned", "logs", "checkins", "lift_sets"):
        assert set(inputs[name]["client_id"]) == set(ours), name
    assert between.pk not in set(inputs["logs"]["client_id"])


def test_a_check_in_without_hours_of_sleep_is_read_with_them_missing(org):
    client = ClientFactory(organization=org, created_at=LONG_AGO)
    at = timezone.make_aware(timezone.datetime(2026, 11, 19, 8))
    CheckInFactory(client=client, created_at=at, readiness=3, sleep_hours=None)
    CheckInFactory(client=client, created_at=at + timedelta(hours=1), mood=5, sleep_hours=7.5)

    inputs = load_batch([org.pk], {client.pk: DAY}, {client.pk: "UTC"})

    checkins = inputs["checkins"].sort_values("sleep_hours", na_position="first")
    assert checkins["readiness"].tolist() == [3, 4]
    assert checkins["mood"].tolist() == [4, 5]
    assert math.isnan(checkins["sleep_hours"].iloc[0]) and checkins["sleep_hours"].iloc[1] == 7.5
