"""Form-check pages: the client sends a video from their phone (into the thread), the coach
comments at a moment, both see the comment as a link to that moment."""

import pytest
from django.db import connection
from django.test import Client as PageClient
from django.test.utils import CaptureQueriesContext

from formchecks.models import FormCheck, FormComment
from messaging.models import Message
from tests.formchecks.builders import mp4
from tests.formchecks.conftest import upload

pytestmark = pytest.mark.django_db


def signed_in(user) -> PageClient:
    page = PageClient()
    page.force_login(user)
    return page


def client_list(org):
    return f"/o/{org.slug}/app/form-checks/"


def test_a_client_sends_a_video_into_their_thread(org, client_record, logged_set):
    page = signed_in(client_record.user)

    response = page.post(
        client_list(org),
        {
            "file": upload(mp4(9)),
            "set_log": logged_set.pk,
            "note": "Does my back round at the bottom?",
            "send_message": "on",
        },
    )

    form_check = FormCheck.unscoped.get()
    assert response.status_code == 302
    assert response.url == f"/o/{org.slug}/app/form-checks/{form_check.pk}/"
    message = Message.unscoped.get()
    assert form_check.message_id == message.pk
    assert "Barbell Squat, set 3: 5 × 100 kg" in message.body
    assert "Does my back round" in message.body
    thread = page.get(f"/o/{org.slug}/app/messages/").content.decode()
    assert "Form-check video · 0:09" in thread
    assert f"/o/{org.slug}/app/form-checks/{form_check.pk}/" in thread


def test_the_coach_sees_the_attachment_in_the_clients_thread(org, coach, client_record):
    signed_in(client_record.user).post(
        client_list(org), {"file": upload(mp4(9)), "send_message": "on"}
    )
    form_check = FormCheck.unscoped.get()

    thread = signed_in(coach).get(f"/o/{org.slug}/coach/clients/{client_record.pk}/messages/")

    assert (
        f"/o/{org.slug}/coach/clients/{client_record.pk}/form-checks/{form_check.pk}/"
        in thread.content.decode()
    )


def test_without_send_to_coach_nothing_is_posted(org, client_record):
    signed_in(client_record.user).post(client_list(org), {"file": upload(mp4(9))})

    assert FormCheck.unscoped.count() == 1
    assert not Message.unscoped.exists()


def test_a_file_that_is_not_a_video_or_photo_is_refused_on_the_page(org, client_record):
    response = signed_in(client_record.user).post(
        client_list(org), {"file": upload(b"just text, named .mp4")}
    )

    assert response.status_code == 400
    assert "not a JPEG, PNG or WebP photo" in response.content.decode()
    assert not FormCheck.unscoped.exists()


def test_a_too_long_video_is_refused_on_the_page_with_its_length(org, client_record):
    response = signed_in(client_record.user).post(client_list(org), {"file": upload(mp4(95))})

    assert response.status_code == 400
    assert "1:35" in response.content.decode()


def test_the_coach_comments_at_a_moment_typed_as_a_clock(org, coach, client_record):
    signed_in(client_record.user).post(client_list(org), {"file": upload(mp4(20))})
    form_check = FormCheck.unscoped.get()
    url = f"/o/{org.slug}/coach/clients/{client_record.pk}/form-checks/{form_check.pk}/"

    response = signed_in(coach).post(
        url, {"at_seconds": "0:07", "body": "Brace before you descend."}
    )

    assert response.status_code == 302
    comment = FormComment.unscoped.get()
    assert comment.at_seconds == 7
    page = (
        signed_in(client_record.user)
        .get(f"/o/{org.slug}/app/form-checks/{form_check.pk}/")
        .content.decode()
    )
    assert 'data-seconds="7.0"' in page
    assert "Play from 0:07" in page
    assert "Brace before you descend." in page
    assert (
        f'src="/api/v1/orgs/{org.slug}/clients/{client_record.pk}/form-checks/{form_check.pk}/file/"'
        in page
    )


def test_a_moment_past_the_end_is_refused_on_the_page(org, coach, client_record):
    signed_in(client_record.user).post(client_list(org), {"file": upload(mp4(20))})
    form_check = FormCheck.unscoped.get()
    url = f"/o/{org.slug}/coach/clients/{client_record.pk}/form-checks/{form_check.pk}/"

    response = signed_in(coach).post(url, {"at_seconds": "1:00", "body": "Here"})

    assert response.status_code == 400
    assert "pick a moment within it" in response.content.decode()
    assert not FormComment.unscoped.exists()


def test_a_moment_that_is_not_a_time_is_refused(org, coach, client_record):
    signed_in(client_record.user).post(client_list(org), {"file": upload(mp4(20))})
    form_check = FormCheck.unscoped.get()
    url = f"/o/{org.slug}/coach/clients/{client_record.pk}/form-checks/{form_check.pk}/"

    response = signed_in(coach).post(url, {"at_seconds": "soon", "body": "Here"})

    assert response.status_code == 400


def test_another_clients_check_page_is_404(org, client_record, other_client):
    signed_in(other_client.user).post(client_list(org), {"file": upload(mp4(5))})
    theirs = FormCheck.unscoped.get()

    response = signed_in(client_record.user).get(f"/o/{org.slug}/app/form-checks/{theirs.pk}/")

    assert response.status_code == 404


def test_the_coach_list_shows_the_clients_checks(org, coach, client_record):
    signed_in(client_record.user).post(client_list(org), {"file": upload(mp4(5)), "note": "Bench"})

    page = signed_in(coach).get(f"/o/{org.slug}/coach/clients/{client_record.pk}/form-checks/")

    assert page.status_code == 200
    assert "Video · 0:05" in page.content.decode()
    assert "Bench" in page.content.decode()


def test_the_list_counts_each_checks_comments(org, coach, client_record):
    signed_in(client_record.user).post(client_list(org), {"file": upload(mp4(5))})
    form_check = FormCheck.unscoped.get()
    url = f"/o/{org.slug}/coach/clients/{client_record.pk}/form-checks/{form_check.pk}/"
    for words in ("Hips first", "Better"):
        signed_in(coach).post(url, {"body": words})

    page = signed_in(client_record.user).get(client_list(org)).content.decode()

    assert "2 comments" in page


def test_the_coach_list_page_runs_the_same_queries_for_many_checks(
    org, coach, client_record, django_assert_max_num_queries
):

    client_page = signed_in(client_record.user)
    client_page.post(client_list(org), {"file": upload(mp4(5))})
    coach_page = signed_in(coach)
    url = f"/o/{org.slug}/coach/clients/{client_record.pk}/form-checks/"
    with CaptureQueriesContext(connection) as one:
        coach_page.get(url)
    queries_for_one = len(one)
    for _ in range(6):
        client_page.post(client_list(org), {"file": upload(mp4(5))})

    with django_assert_max_num_queries(queries_for_one):
        coach_page.get(url)
