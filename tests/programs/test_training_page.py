"""The coach's training view draws each lift's e1RM on the shared chart model."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import build_history

pytestmark = pytest.mark.django_db


def test_each_lift_is_a_dated_line_of_its_best_e1rm(client, org, coach, client_record):
    today = timezone.localdate()
    build_history(client_record, days=30, today=today, e1rm=lambda day: 100 + day.day % 3)
    client.force_login(coach)

    html = client.get(f"/o/northside/coach/clients/{client_record.pk}/training/").content.decode()

    chart = re.search(r'<figure class="trend".*?</figure>', html, re.S).group(0)
    assert "Back Squat" in chart
    assert "<polyline" in chart
    assert (today - timedelta(weeks=12)).strftime(
        "%b"
    ) in chart  # the date axis starts 12 weeks ago
    assert 'role="img"' in chart


def test_a_fortnight_without_the_lift_breaks_its_line(client, org, coach, client_record):
    today = timezone.localdate()
    gap_start, gap_end = today - timedelta(days=40), today - timedelta(days=20)
    build_history(
        client_record, days=60, today=today, completed=lambda day: not gap_start <= day <= gap_end
    )
    client.force_login(coach)

    response = client.get(f"/o/northside/coach/clients/{client_record.pk}/training/")

    assert len(response.context["charts"][0]["chart"].lines) == 2
