"""The coach's lists run as many queries for 500 rows as for 10 (DESIGN: "Page and API views run a
constant number of queries whatever the list size").

Each test measures a view at 10 rows, adds 490, and asserts the same view runs no more queries.
Pages show at most a page of rows (the queue 100, the API 50 unless ``page_size``): the count
must stay constant either way.
"""

import pytest

from tests.bulk import add_clients, add_history, add_open_items
from tests.factories import ExerciseFactory, TierFactory
from triage.views.queue import INTAKES_SHOWN, QUEUE_PAGE_SIZE

# Generous: the point is the comparison, not this ceiling.
CEILING = 40


@pytest.fixture
def tier(org):
    return TierFactory(organization=org, name="Assisted", monthly_price=99)


def measure(django_assert_max_num_queries, fetch, ceiling=CEILING):
    """(queries run, response) for one request."""
    with django_assert_max_num_queries(ceiling) as context:
        response = fetch()
    queries = len(context.captured_queries)  # read now: the next request resets the log
    assert response.status_code == 200, response.content[:500]
    return queries, response


def test_the_coach_queue_page_runs_as_many_queries_for_500_clients_as_for_10(
    client, org, coach, tier, django_assert_max_num_queries
):
    client.force_login(coach)
    add_clients(org, coach, 10, tier=tier)
    at_10, response = measure(
        django_assert_max_num_queries, lambda: client.get("/o/northside/coach/")
    )
    assert len(response.context["cards"]) == 10
    assert len(response.context["intakes_to_review"]) == INTAKES_SHOWN
    assert response.context["intakes_count"] == 10
    assert response.context["pending_recommendations"] == 10

    add_clients(org, coach, 490, tier=tier, start=10)
    at_500, response = measure(
        django_assert_max_num_queries, lambda: client.get("/o/northside/coach/"), ceiling=at_10
    )

    assert len(response.context["cards"]) == QUEUE_PAGE_SIZE
    assert response.context["page"].paginator.count == 500
    assert len(response.context["intakes_to_review"]) == INTAKES_SHOWN
    assert response.context["intakes_count"] == 500
    assert b"Bulk Client 0000" in response.content
    assert at_500 <= at_10


def test_the_coach_queue_page_runs_as_many_queries_for_500_open_items_as_for_10(
    client, org, coach, tier, django_assert_max_num_queries
):
    """Several items per client, one card each: 10 items on 10 cards, then 500 on 80."""
    client.force_login(coach)
    fetch = lambda: client.get("/o/northside/coach/")  # noqa: E731
    add_clients(org, coach, 10, tier=tier)
    at_10, response = measure(django_assert_max_num_queries, fetch)
    assert len(response.context["cards"]) == 10

    add_open_items(add_clients(org, coach, 70, tier=tier, start=10), per_client=6)
    at_500, response = measure(django_assert_max_num_queries, fetch, ceiling=at_10)

    cards = response.context["cards"]
    assert response.context["page"].paginator.count == 80
    assert len(cards) == QUEUE_PAGE_SIZE
    assert max(len(entry["card"].items) for entry in cards) == 7
    assert at_500 <= at_10


def test_the_intakes_to_review_are_all_listed_on_request_with_the_same_queries(
    client, org, coach, tier, django_assert_max_num_queries
):
    client.force_login(coach)
    fetch = lambda: client.get("/o/northside/coach/?intakes=all")  # noqa: E731
    add_clients(org, coach, 10, tier=tier)
    at_10, response = measure(django_assert_max_num_queries, fetch)
    assert len(response.context["intakes_to_review"]) == 10

    add_clients(org, coach, 490, tier=tier, start=10)
    at_500, response = measure(django_assert_max_num_queries, fetch, ceiling=at_10)

    assert len(response.context["intakes_to_review"]) == 500
    assert at_500 <= at_10


def test_the_whole_teams_queue_runs_as_many_queries_for_500_clients_as_for_10(
    client, org, coach, owner, tier, django_assert_max_num_queries
):
    client.force_login(owner)
    add_clients(org, coach, 10, tier=tier)
    fetch = lambda: client.get("/o/northside/coach/?clients=all")  # noqa: E731
    at_10, response = measure(django_assert_max_num_queries, fetch)
    assert len(response.context["cards"]) == 10

    add_clients(org, coach, 490, tier=tier, start=10)
    at_500, response = measure(django_assert_max_num_queries, fetch, ceiling=at_10)

    assert len(response.context["cards"]) == QUEUE_PAGE_SIZE
    assert at_500 <= at_10


@pytest.mark.parametrize("page_size", ["", "500"])
def test_the_review_queue_api_runs_as_many_queries_for_500_items_as_for_10(
    api, org, coach, tier, page_size, django_assert_max_num_queries
):
    caller = api(coach)
    params = {"status": "open", **({"page_size": page_size} if page_size else {})}
    fetch = lambda: caller.get("/api/v1/orgs/northside/review-queue/", params)  # noqa: E731
    add_clients(org, coach, 10, tier=tier)
    at_10, response = measure(django_assert_max_num_queries, fetch)
    assert response.json()["count"] == 10

    add_clients(org, coach, 490, tier=tier, start=10)
    at_500, response = measure(django_assert_max_num_queries, fetch, at_10)

    body = response.json()
    assert body["count"] == 500
    if page_size:
        assert len(body["results"]) == 500
    assert {row["level"] for row in body["results"]} <= {"red", "yellow"}
    assert at_500 <= at_10


@pytest.mark.parametrize("page_size", ["", "500"])
def test_the_review_queue_by_client_api_runs_as_many_queries_for_500_items_as_for_10(
    api, org, coach, tier, page_size, django_assert_max_num_queries
):
    caller = api(coach)
    params = {"status": "open", **({"page_size": page_size} if page_size else {})}
    url = "/api/v1/orgs/northside/review-queue/by-client/"
    fetch = lambda: caller.get(url, params)  # noqa: E731
    add_clients(org, coach, 10, tier=tier)
    at_10, response = measure(django_assert_max_num_queries, fetch)
    assert response.json()["count"] == 10

    add_open_items(add_clients(org, coach, 70, tier=tier, start=10), per_client=6)
    at_500, response = measure(django_assert_max_num_queries, fetch, at_10)

    body = response.json()
    assert body["count"] == 80
    if page_size:
        assert len(body["results"]) == 80
        assert sum(len(entry["items"]) for entry in body["results"]) == 500
    assert body["results"][0]["level"] == "red"
    assert at_500 <= at_10


@pytest.mark.parametrize("page_size", ["", "?page_size=500"])
def test_the_client_list_api_runs_as_many_queries_for_500_clients_as_for_10(
    api, org, coach, tier, page_size, django_assert_max_num_queries
):
    caller = api(coach)
    url = f"/api/v1/orgs/northside/clients/{page_size}"
    add_clients(org, coach, 10, tier=tier)
    at_10, response = measure(django_assert_max_num_queries, lambda: caller.get(url))
    assert response.json()["count"] == 10

    add_clients(org, coach, 490, tier=tier, start=10)
    at_500, response = measure(django_assert_max_num_queries, lambda: caller.get(url), at_10)

    body = response.json()
    assert body["count"] == 500
    if page_size:
        assert len(body["results"]) == 500
    first = body["results"][0]
    assert first["tier"] == tier.pk
    assert first["level"] in {"red", "yellow", "green"}
    assert at_500 <= at_10


def test_the_clients_page_runs_as_many_queries_for_500_clients_as_for_10(
    client, org, coach, tier, django_assert_max_num_queries
):
    client.force_login(coach)
    fetch = lambda: client.get("/o/northside/coach/clients/?clients=all")  # noqa: E731
    add_clients(org, coach, 10, tier=tier)
    at_10, response = measure(django_assert_max_num_queries, fetch)
    assert len(response.context["clients"]) == 10

    add_clients(org, coach, 490, tier=tier, start=10)
    at_500, response = measure(django_assert_max_num_queries, fetch, ceiling=at_10)

    # A page at a time (50 rows); the last page holds the last client.
    assert len(response.context["clients"]) == 50
    assert response.context["page"].paginator.count == 500
    assert at_500 <= at_10
    assert (
        b"Bulk Client 0499" in client.get("/o/northside/coach/clients/?clients=all&page=10").content
    )


def test_the_coach_client_page_runs_as_many_queries_for_500_of_everything_as_for_10(
    client, org, coach, client_record, django_assert_max_num_queries
):
    client.force_login(coach)
    squat = ExerciseFactory(key="bulk-squat", name="Back Squat")
    url = f"/o/northside/coach/clients/{client_record.pk}/"
    add_history(client_record, 10, exercise=squat)
    at_10, response = measure(django_assert_max_num_queries, lambda: client.get(url))
    assert len(response.context["logs"]) == 10
    assert len(response.context["pending"]) == 5

    add_history(client_record, 490, exercise=squat, start=10)
    at_500, response = measure(django_assert_max_num_queries, lambda: client.get(url), at_10)

    assert len(response.context["pending"]) == 250
    assert len(response.context["open_items"]) == 250
    assert b"Back Squat 5" in response.content
    assert at_500 <= at_10
