import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from programs.models import SetLog, WorkoutLog
from tests.conftest import api_client_for
from tests.factories import ClientFactory, ExerciseFactory
from tests.formchecks.builders import JPEG_BYTES, mp4


def upload(data: bytes, name: str = "squat.mp4", content_type: str = "video/mp4"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def checks_url(org, client) -> str:
    return f"/api/v1/orgs/{org.slug}/clients/{client.pk}/form-checks/"


def send(user, org, client, data: bytes, **fields):
    return api_client_for(user).post(
        checks_url(org, client),
        {"file": upload(data, fields.pop("name", "set.mp4")), **fields},
        format="multipart",
    )


@pytest.fixture
def video():
    return mp4(12.0)


@pytest.fixture
def photo():
    return JPEG_BYTES


@pytest.fixture
def sent_video(org, client_record, video):
    """A 12-second video the client sent; its id."""
    response = send(client_record.user, org, client_record, video)
    assert response.status_code == 201, response.content
    return response.json()


@pytest.fixture
def other_client(org):
    return ClientFactory(organization=org, user__email="second@north.test")


@pytest.fixture
def logged_set(org, client_record):

    log = WorkoutLog.unscoped.create(
        organization=org,
        client=client_record,
        client_uuid=uuid.uuid4(),
        performed_at=timezone.now(),
        status="completed",
    )
    return SetLog.unscoped.create(
        organization=org,
        log=log,
        exercise=ExerciseFactory(name="Barbell Squat"),
        set_index=3,
        reps=5,
        load_kg=100,
    )
