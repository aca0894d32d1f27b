"""The coach's client page draws completion, readiness and e1RM against the client's usual."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import ClientFactory, ExerciseFactory, ReviewItemFactory, build_history
from triage.models import AdherenceScore
from triage.nightly import score_organization

pytestmark = pytest.mark.django_db

LONG_AGO = timezone.make_aware(timezone.datetime(2025, 1, 1))


def today():
    return timezone.localdate()


def new_client(org, coach):
    return ClientFactory(organization=org, coach=coach, created_at=LONG_AGO)


def scores(client, days, yellow_on=(), **fields):
    """A nightly score for each of the last ``days`` nights, yellow on the given days back."""
    AdherenceScore.unscoped.bulk_create(
        [
            AdherenceScore(
                organization=client.organization,
                client=client,
                date=today() - timedelta(days=n),
                level="yellow" if n in yellow_on else "green",
                completion_28d=0.5 if n in yellow_on else 1.0,
                reasons=[{"code": "adherence_drop", "text": "completed 2 of 8 planned"}]
                if n in yellow_on
                else [],
                **fields,
            )
            for n in range(2, days + 1)
        ]
    )


def page(http, org, client_record):
    return http.get(f"/o/{org.slug}/coach/clients/{client_record.pk}/")


def test_a_day_the_nightly_flagged_yellow_shows_a_yellow_marker(client, org, coach):
    record = new_client(org, coach)
    scores(record, 30, yellow_on={5})
    client.force_login(coach)

    html = page(client, org, record).content.decode()

    flagged = (today() - timedelta(days=5)).isoformat()
    assert f'class="flag flag-yellow" data-day="{flagged}"' in html
    assert "completed 2 of 8 planned" in html


def test_a_red_review_item_opened_on_a_day_marks_that_day_red(client, org, coach):
    record = new_client(org, coach)
    scores(record, 30)
    ReviewItemFactory(
        organization=org,
        client=record,
        level="red",
        reason_kind="chest_pain",
        reasons=[{"code": "chest_pain", "text": "Reported chest pain"}],
        source="checkin",
        created_at=timezone.now() - timedelta(days=3),
        due_at=timezone.now(),
    )
    client.force_login(coach)

    html = page(client, org, record).content.decode()

    day = (timezone.now() - timedelta(days=3)).date().isoformat()
    assert f'class="flag flag-red" data-day="{day}"' in html
    assert "red: Reported chest pain" in html


def test_the_clients_usual_band_shows_on_the_charts_with_its_numbers(client, org, coach):
    record = new_client(org, coach)
    yesterday = today() - timedelta(days=1)
    build_history(record, days=90, today=yesterday)
    for night in (yesterday - timedelta(days=1), yesterday):
        score_organization(org, night)
    client.force_login(coach)

    html = page(client, org, record).content.decode()

    charts = re.findall(r'<figure class="trend".*?</figure>', html, re.S)
    assert len(charts) == 3  # completion, readiness, Back Squat
    assert all('<rect class="band"' in chart for chart in charts)
    assert "Readiness 4 this week; usual 4 ± 0.5 (within the usual band)." in html
    assert "28-day completion 100% on" in html
    assert "Back Squat: estimated 1RM" in html
    assert "Back Squat 100 kg e1RM on" in html


def test_the_charts_are_labelled_for_screen_readers_and_explained_by_a_legend(client, org, coach):
    record = new_client(org, coach)
    scores(record, 20)
    client.force_login(coach)

    html = page(client, org, record).content.decode()

    svg = re.search(r'<svg class="trend-svg"[^>]*>', html).group(0)
    assert 'role="img"' in svg
    assert 'aria-labelledby="trend-completion-svg-title trend-completion-svg-desc"' in svg
    assert '<title id="trend-completion-svg-title">Completion against the plan' in html
    assert "the client's usual (their own baseline" in html
    assert "a day flagged yellow" in html


def test_a_client_with_no_data_sees_a_clear_empty_state(client, org, coach):
    record = new_client(org, coach)
    client.force_login(coach)

    response = page(client, org, record)
    html = response.content.decode()

    assert response.status_code == 200
    assert '<svg class="trend-svg"' not in html
    assert "Not enough scored nights to draw completion yet" in html
    assert "Not enough check-ins to draw readiness yet." in html
    assert "No lift trained on 3 or more days" in html
    assert "No flagged days in this period." in html


def test_a_lift_trained_only_twice_gets_no_chart(client, org, coach):
    record = new_client(org, coach)
    curl = ExerciseFactory(key="curl", name="Curl")
    build_history(record, days=6, today=today(), planned_weekdays=(0, 3), exercise=curl)
    client.force_login(coach)

    html = page(client, org, record).content.decode()

    assert "Curl: estimated 1RM" not in html


def test_the_page_runs_the_same_queries_for_ten_days_as_for_a_long_history(
    client, org, coach, django_assert_max_num_queries, django_assert_num_queries
):
    short, long = new_client(org, coach), new_client(org, coach)
    build_history(short, days=10, today=today())
    scores(short, 10, yellow_on={3})
    bench = ExerciseFactory(key="bench", name="Bench Press")
    build_history(long, days=120, today=today())
    build_history(long, days=100, today=today(), planned_weekdays=(2,), exercise=bench)
    scores(long, 120, yellow_on={3, 20, 40, 60})
    for n in (5, 25, 45):
        ReviewItemFactory(
            organization=org,
            client=long,
            level="yellow",
            reason_kind=f"kind-{n}",
            source="nightly",
            created_at=timezone.now() - timedelta(days=n),
            due_at=timezone.now(),
        )
    client.force_login(coach)

    with django_assert_max_num_queries(40) as few:
        assert page(client, org, short).status_code == 200
    with django_assert_num_queries(len(few.captured_queries)):
        html = page(client, org, long).content.decode()
    assert "Bench Press: estimated 1RM" in html


def test_another_organizations_client_is_not_found(client, org, other_org, coach):
    stranger = ClientFactory(organization=other_org)
    client.force_login(coach)

    assert client.get(f"/o/{org.slug}/coach/clients/{stranger.pk}/").status_code == 404


# --- the same series as JSON ---------------------------------------------------------------


def trends_url(org, record, query=""):
    return f"/api/v1/orgs/{org.slug}/clients/{record.pk}/trends/{query}"


def test_the_trends_api_gives_the_series_bands_and_flagged_days(api, org, coach):
    record = new_client(org, coach)
    yesterday = today() - timedelta(days=1)
    build_history(record, days=90, today=yesterday)
    for night in (yesterday - timedelta(days=1), yesterday):
        score_organization(org, night)
    AdherenceScore.unscoped.filter(client=record, date=yesterday).update(level="yellow")

    response = api(coach).get(trends_url(org, record))

    assert response.status_code == 200
    body = response.json()
    assert body["end"] == today().isoformat()
    assert body["start"] == (today() - timedelta(days=89)).isoformat()
    assert [p["value"] for p in body["completion"]["points"]] == [1.0, 1.0]
    assert body["readiness"]["baseline"] == {"mean": 4.0, "spread": 0.5, "low": 3.5, "high": 4.5}
    assert body["readiness"]["summary"].startswith("Readiness")
    (squat,) = body["lifts"]
    assert squat["title"] == "Back Squat: estimated 1RM"
    assert squat["unit"] == "kg" and squat["exercise"] is not None
    assert all(isinstance(p["value"], float) for p in squat["points"])
    assert body["flagged_days"][0]["date"] == yesterday.isoformat()
    assert body["flagged_days"][0]["level"] == "yellow"


def test_the_trends_api_ends_on_the_day_asked_for(api, org, coach):
    record = new_client(org, coach)
    scores(record, 30, yellow_on={20})

    body = api(coach).get(trends_url(org, record, "?end=2026-01-31")).json()

    assert (body["start"], body["end"]) == ("2025-11-03", "2026-01-31")
    assert body["completion"]["points"] == []
    assert body["completion"]["empty"] is True


def test_the_trends_api_names_a_bad_end_date(api, org, coach):
    record = new_client(org, coach)

    response = api(coach).get(trends_url(org, record, "?end=31/01/2026"))

    assert response.status_code == 400
    assert "end" in response.json()


def test_a_client_may_not_read_their_trends_through_the_coaches_api(api, org, client_record):
    response = api(client_record.user).get(trends_url(org, client_record))

    assert response.status_code == 403


def test_another_organizations_client_has_no_trends_here(api, org, other_org, coach):
    stranger = ClientFactory(organization=other_org)

    assert api(coach).get(trends_url(org, stranger)).status_code == 404


def test_the_trends_api_runs_the_same_queries_whatever_the_history(
    api, org, coach, django_assert_max_num_queries, django_assert_num_queries
):
    short, long = new_client(org, coach), new_client(org, coach)
    build_history(short, days=10, today=today())
    scores(short, 10, yellow_on={3})
    build_history(long, days=120, today=today())
    scores(long, 120, yellow_on={3, 20, 40})
    http = api(coach)

    with django_assert_max_num_queries(20) as few:
        http.get(trends_url(org, short))
    with django_assert_num_queries(len(few.captured_queries)):
        http.get(trends_url(org, long))
