"""The form-check API: uploads judged by their content, files only for the client and their
team, comments at moments of the video, attachments on messages."""

import pytest
from django.core.files.storage import FileSystemStorage, storages
from django.db import connection
from django.test.utils import CaptureQueriesContext

from billing.models import Tier
from coaching.models import Notification
from formchecks.models import FormCheck, FormComment
from messaging.models import Message
from tests.conftest import api_client_for
from tests.factories import ClientFactory, MembershipFactory, SubscriptionFactory
from tests.formchecks.builders import PNG_BYTES, mp4, webm
from tests.formchecks.conftest import checks_url, send
from tests.formchecks.conftest import logged_set as make_set

pytestmark = pytest.mark.django_db


def stored_files(tmp_root) -> list:
    return [path for path in tmp_root.rglob("*") if path.is_file()]


def check_url(org, client, check_id, tail=""):
    return f"{checks_url(org, client)}{check_id}/{tail}"


# -- uploading --------------------------------------------------------------------------------


def test_a_client_uploads_a_video_and_its_length_is_read_from_the_file(org, client_record, video):
    response = send(client_record.user, org, client_record, video)

    assert response.status_code == 201
    body = response.json()
    assert body["kind"] == "video"
    assert body["content_type"] == "video/mp4"
    assert body["duration_seconds"] == pytest.approx(12.0)
    assert body["size_bytes"] == len(video)
    assert body["uploaded_by"]["role"] == "client"
    assert body["file_url"].endswith(f"/form-checks/{body['id']}/file/")


def test_the_file_is_kept_in_the_form_check_storage(org, client_record, video):
    body = send(client_record.user, org, client_record, video).json()
    form_check = FormCheck.unscoped.get(pk=body["id"])

    with storages["formchecks"].open(form_check.file_name, "rb") as handle:
        assert handle.read() == video


def test_a_photo_is_accepted_without_a_length(org, client_record, photo):
    body = send(client_record.user, org, client_record, photo, name="me.jpg").json()

    assert body["kind"] == "photo"
    assert body["content_type"] == "image/jpeg"
    assert body["duration_seconds"] is None


def test_the_type_comes_from_the_content_not_the_name(org, client_record):
    response = send(client_record.user, org, client_record, PNG_BYTES, name="lift.mp4")

    assert response.status_code == 201
    assert response.json()["content_type"] == "image/png"


def test_a_text_file_named_like_a_video_is_a_400_naming_the_file(
    org, client_record, form_check_files
):
    before = stored_files(form_check_files)

    response = send(client_record.user, org, client_record, b"<script>x</script>" * 10)

    assert response.status_code == 400
    assert "not a JPEG, PNG or WebP photo" in response.json()["file"][0]
    assert not FormCheck.unscoped.exists()
    assert stored_files(form_check_files) == before


def test_a_video_over_the_length_limit_is_a_400(org, client_record, settings):
    settings.FORM_CHECK_MAX_SECONDS = 60

    response = send(client_record.user, org, client_record, mp4(61))

    assert response.status_code == 400
    assert "1:01" in response.json()["file"][0]


def test_a_webm_without_a_recorded_length_is_a_400(org, client_record):
    response = send(client_record.user, org, client_record, webm(None), name="clip.webm")

    assert response.status_code == 400
    assert "could not read how long" in response.json()["file"][0]


def test_a_webm_with_its_length_is_accepted(org, client_record):
    response = send(client_record.user, org, client_record, webm(8.5), name="clip.webm")

    assert response.status_code == 201
    assert response.json()["content_type"] == "video/webm"


def test_a_file_over_the_size_limit_is_a_413(org, client_record, settings):
    settings.FORM_CHECK_MAX_BYTES = 1024

    response = send(client_record.user, org, client_record, mp4(5, mdat_bytes=4096))

    assert response.status_code == 413
    assert "at most 1 KB" in response.json()["file"][0]
    assert not FormCheck.unscoped.exists()


def test_a_body_announced_far_over_the_limit_is_refused_before_it_is_read(
    org, client_record, settings
):
    settings.FORM_CHECK_MAX_BYTES = 1024 * 1024
    api = api_client_for(client_record.user)

    response = api.post(
        checks_url(org, client_record),
        data=b"x",
        content_type="multipart/form-data; boundary=x",
        HTTP_CONTENT_LENGTH=str(50 * 1024 * 1024),
        CONTENT_LENGTH=str(50 * 1024 * 1024),
    )

    assert response.status_code == 413


def test_a_missing_file_is_a_400_naming_it(org, client_record):
    response = api_client_for(client_record.user).post(
        checks_url(org, client_record), {"note": "hi"}, format="multipart"
    )

    assert response.status_code == 400
    assert "file" in response.json()


def test_a_check_can_show_a_set_the_client_logged(org, client_record, video, logged_set):
    response = send(client_record.user, org, client_record, video, set_log=logged_set.pk)

    assert response.status_code == 201
    assert response.json()["set_log"]["exercise"] == "Barbell Squat"
    assert response.json()["set_log"]["set_index"] == 3


def test_another_clients_set_is_a_400_naming_set_log(org, client_record, other_client, video):

    foreign = make_set.__wrapped__(org, other_client)

    response = send(client_record.user, org, client_record, video, set_log=foreign.pk)

    assert response.status_code == 400
    assert "set_log" in response.json()


def test_a_client_whose_tier_has_no_form_feedback_cannot_upload(org, client_record, video):
    subscription = SubscriptionFactory(client=client_record, organization=org)
    Tier.unscoped.filter(pk=subscription.tier_id).update(
        features={"messaging": True, "form_feedback": False, "live_calls_per_month": 0}
    )

    response = send(client_record.user, org, client_record, video)

    assert response.status_code == 403


def test_a_coach_may_upload_for_a_client_whatever_the_tier(org, coach, client_record, video):
    subscription = SubscriptionFactory(client=client_record, organization=org)
    Tier.unscoped.filter(pk=subscription.tier_id).update(features={"form_feedback": False})

    response = send(coach, org, client_record, video)

    assert response.status_code == 201
    assert response.json()["uploaded_by"]["role"] == "coach"


def test_a_client_cannot_upload_to_another_clients_checks(org, client_record, other_client, video):
    response = send(client_record.user, org, other_client, video)

    assert response.status_code == 404


# -- who sees the file ------------------------------------------------------------------------


def file_url(org, client_record, sent):
    return check_url(org, client_record, sent["id"], "file/")


def test_the_client_gets_their_own_file(org, client_record, sent_video, video):
    response = api_client_for(client_record.user).get(file_url(org, client_record, sent_video))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == video
    assert response["Content-Type"] == "video/mp4"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]


def test_the_clients_coach_gets_the_file(org, coach, client_record, sent_video):
    response = api_client_for(coach).get(file_url(org, client_record, sent_video))

    assert response.status_code == 200


def test_any_coach_of_the_organization_gets_the_file(org, client_record, sent_video):

    colleague = MembershipFactory(organization=org, role="coach").user

    response = api_client_for(colleague).get(file_url(org, client_record, sent_video))

    assert response.status_code == 200


def test_another_client_of_the_organization_gets_404(org, client_record, other_client, sent_video):
    api = api_client_for(other_client.user)

    assert api.get(file_url(org, client_record, sent_video)).status_code == 404
    own_path = check_url(org, other_client, sent_video["id"], "file/")
    assert api.get(own_path).status_code == 404


def test_an_outsider_gets_404(org, client_record, outsider, sent_video):
    response = api_client_for(outsider).get(file_url(org, client_record, sent_video))

    assert response.status_code == 404


def test_nobody_signed_out_gets_the_file(org, client_record, sent_video):
    response = api_client_for(None).get(file_url(org, client_record, sent_video))

    assert response.status_code == 401


def test_a_coach_of_another_organization_with_the_check_id_in_their_own_url_gets_404(
    other_org, outsider, sent_video
):

    their_client = ClientFactory(organization=other_org)
    url = check_url(other_org, their_client, sent_video["id"], "file/")

    assert api_client_for(outsider).get(url).status_code == 404


def test_a_range_request_gets_that_part(org, coach, client_record, sent_video, video):
    response = api_client_for(coach).get(
        file_url(org, client_record, sent_video), HTTP_RANGE="bytes=4-11"
    )

    assert response.status_code == 206
    assert b"".join(response.streaming_content) == video[4:12]
    assert response["Content-Range"] == f"bytes 4-11/{len(video)}"
    assert response["Accept-Ranges"] == "bytes"


def test_a_range_past_the_end_is_416(org, coach, client_record, sent_video, video):
    response = api_client_for(coach).get(
        file_url(org, client_record, sent_video), HTTP_RANGE=f"bytes={len(video)}-"
    )

    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(video)}"


def test_a_player_accept_header_still_gets_the_file(org, coach, client_record, sent_video):
    response = api_client_for(coach).get(
        file_url(org, client_record, sent_video), HTTP_ACCEPT="video/webm,video/*;q=0.9"
    )

    assert response.status_code == 200


# -- listing and comments ----------------------------------------------------------------------


def test_the_list_shows_the_clients_checks_newest_first(org, coach, client_record, video, photo):
    send(client_record.user, org, client_record, video)
    send(client_record.user, org, client_record, photo, name="p.jpg")

    body = api_client_for(coach).get(checks_url(org, client_record)).json()

    assert [c["kind"] for c in body["results"]] == ["photo", "video"]


def test_listing_runs_the_same_queries_for_many_checks(
    org, coach, client_record, video, django_assert_max_num_queries
):

    api = api_client_for(coach)
    first = send(coach, org, client_record, video).json()
    api.post(check_url(org, client_record, first["id"], "comments/"), {"body": "Good"})
    with CaptureQueriesContext(connection) as one:
        api.get(checks_url(org, client_record))
    queries_for_one = len(one)  # read now: the next request clears Django's query log
    for _ in range(5):
        sent = send(coach, org, client_record, video).json()
        api.post(check_url(org, client_record, sent["id"], "comments/"), {"body": "Good"})

    with django_assert_max_num_queries(queries_for_one):
        response = api.get(checks_url(org, client_record))

    assert response.json()["count"] == 6


def test_a_coach_comments_at_a_moment_and_the_client_reads_it(
    org, coach, client_record, sent_video
):
    posted = api_client_for(coach).post(
        check_url(org, client_record, sent_video["id"], "comments/"),
        {"body": "Knees cave here: push them out.", "at_seconds": 4.25},
        format="json",
    )

    assert posted.status_code == 201
    seen = api_client_for(client_record.user).get(check_url(org, client_record, sent_video["id"]))
    comment = seen.json()["comments"][0]
    assert comment["at_seconds"] == 4.25
    assert comment["body"] == "Knees cave here: push them out."
    assert comment["author"]["role"] == "coach"


def test_a_moment_past_the_end_of_the_video_is_a_400(org, coach, client_record, sent_video):
    response = api_client_for(coach).post(
        check_url(org, client_record, sent_video["id"], "comments/"),
        {"body": "Here", "at_seconds": 30},
        format="json",
    )

    assert response.status_code == 400
    assert "at_seconds" in response.json()
    assert not FormComment.unscoped.exists()


def test_a_photo_comment_has_no_moment(org, coach, client_record, photo):
    sent = send(client_record.user, org, client_record, photo, name="p.jpg").json()

    response = api_client_for(coach).post(
        check_url(org, client_record, sent["id"], "comments/"),
        {"body": "Here", "at_seconds": 1},
        format="json",
    )

    assert response.status_code == 400
    assert "at_seconds" in response.json()


def test_a_blank_comment_is_a_400_naming_body(org, coach, client_record, sent_video):
    response = api_client_for(coach).post(
        check_url(org, client_record, sent_video["id"], "comments/"), {"body": "  "}, format="json"
    )

    assert response.status_code == 400
    assert "body" in response.json()


def test_another_client_cannot_comment(org, client_record, other_client, sent_video):
    response = api_client_for(other_client.user).post(
        check_url(org, client_record, sent_video["id"], "comments/"), {"body": "hi"}, format="json"
    )

    assert response.status_code == 404


# -- on messages -------------------------------------------------------------------------------


def messages_url(org, client):
    return f"/api/v1/orgs/{org.slug}/clients/{client.pk}/messages/"


def test_a_client_sends_a_check_on_a_message(org, coach, client_record, sent_video):
    posted = api_client_for(client_record.user).post(
        messages_url(org, client_record),
        {"body": "How does this look?", "attachments": [sent_video["id"]]},
        format="json",
    )

    assert posted.status_code == 201
    attachment = posted.json()["attachments"][0]
    assert attachment["id"] == sent_video["id"]
    assert attachment["kind"] == "video"
    assert attachment["file_url"] == sent_video["file_url"]
    thread = api_client_for(coach).get(messages_url(org, client_record)).json()
    assert thread["results"][-1]["attachments"][0]["id"] == sent_video["id"]
    assert thread["results"][-1]["attachments"][0]["page_url"].startswith(
        f"/o/{org.slug}/coach/clients/{client_record.pk}/form-checks/"
    )


def test_a_check_goes_on_one_message_only(org, client_record, sent_video):
    api = api_client_for(client_record.user)
    body = {"body": "Look", "attachments": [sent_video["id"]]}
    assert api.post(messages_url(org, client_record), body, format="json").status_code == 201

    again = api.post(messages_url(org, client_record), body, format="json")

    assert again.status_code == 400
    assert "attachments" in again.json()


def test_another_clients_check_cannot_be_attached(org, client_record, other_client, video):
    theirs = send(other_client.user, org, other_client, video).json()

    response = api_client_for(client_record.user).post(
        messages_url(org, client_record),
        {"body": "Look", "attachments": [theirs["id"]]},
        format="json",
    )

    assert response.status_code == 400
    assert "attachments" in response.json()

    assert not Message.unscoped.exists()


def test_a_message_without_attachments_has_an_empty_list(org, client_record):
    response = api_client_for(client_record.user).post(
        messages_url(org, client_record), {"body": "Hello"}, format="json"
    )

    assert response.json()["attachments"] == []


# -- deleting a client -------------------------------------------------------------------------


def test_deleting_a_client_deletes_their_checks_comments_and_files(
    org,
    owner,
    coach,
    client_record,
    sent_video,
    form_check_files,
    django_capture_on_commit_callbacks,
):
    api_client_for(coach).post(
        check_url(org, client_record, sent_video["id"], "comments/"), {"body": "Nice"}
    )
    name = FormCheck.unscoped.get(pk=sent_video["id"]).file_name
    assert (form_check_files / name).exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = api_client_for(owner).delete(
            f"/api/v1/orgs/{org.slug}/clients/{client_record.pk}/"
        )

    assert response.status_code in (200, 204)
    assert not FormCheck.unscoped.exists()
    assert not FormComment.unscoped.exists()
    assert not (form_check_files / name).exists()


def test_deleting_a_client_keeps_other_clients_files(
    org,
    owner,
    client_record,
    other_client,
    video,
    form_check_files,
    django_capture_on_commit_callbacks,
):
    theirs = send(other_client.user, org, other_client, video).json()
    name = FormCheck.unscoped.get(pk=theirs["id"]).file_name

    with django_capture_on_commit_callbacks(execute=True):
        api_client_for(owner).delete(f"/api/v1/orgs/{org.slug}/clients/{client_record.pk}/")

    assert (form_check_files / name).exists()
    assert FormCheck.unscoped.filter(pk=theirs["id"]).exists()


def test_the_client_finds_a_notice_when_the_coach_comments(org, coach, client_record, sent_video):

    api_client_for(coach).post(
        check_url(org, client_record, sent_video["id"], "comments/"),
        {"body": "Slow the descent.", "at_seconds": 5},
        format="json",
    )

    notice = Notification.unscoped.get(user=client_record.user)
    assert notice.text == "Your coach commented on your form check at 0:05: Slow the descent."
    assert notice.url == f"/o/{org.slug}/app/form-checks/{sent_video['id']}/#comments"


def test_the_client_is_not_told_about_their_own_comment(org, client_record, sent_video):

    api_client_for(client_record.user).post(
        check_url(org, client_record, sent_video["id"], "comments/"), {"body": "Thanks!"}
    )

    assert not Notification.unscoped.filter(user=client_record.user).exists()


def test_the_file_cannot_run_as_a_document(org, client_record, sent_video):
    response = api_client_for(client_record.user).get(file_url(org, client_record, sent_video))

    assert "sandbox" in response["Content-Security-Policy"]


class SigningStorage:
    """Stands in for a bucket (django-storages' S3Storage signs URLs the same way)."""

    def __init__(self, **options):

        self.files = FileSystemStorage(**options)

    def save(self, name, content):
        return self.files.save(name, content)

    def delete(self, name):
        self.files.delete(name)

    def url(self, name, parameters=None, expire=None):
        return f"https://bucket.example/{name}?expires={expire}&type={parameters['ResponseContentType']}"


def test_from_a_bucket_the_team_is_sent_to_a_short_lived_signed_url(
    org, coach, client_record, other_client, settings, form_check_files, video
):
    settings.STORAGES = {
        **settings.STORAGES,
        "formchecks": {
            "BACKEND": "tests.formchecks.test_api.SigningStorage",
            "OPTIONS": {"location": str(form_check_files)},
        },
    }
    settings.FORM_CHECK_STORAGE = "s3"
    settings.FORM_CHECK_SIGNED_URL_SECONDS = 120
    sent = send(client_record.user, org, client_record, video).json()

    response = api_client_for(coach).get(file_url(org, client_record, sent))

    assert response.status_code == 302
    assert response["Location"].startswith("https://bucket.example/")
    assert "expires=120" in response["Location"] and "type=video/mp4" in response["Location"]
    other = api_client_for(other_client.user).get(file_url(org, client_record, sent))
    assert other.status_code == 404
