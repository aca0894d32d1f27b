import math

from django.urls import reverse
from rest_framework import serializers

from formchecks.models import FormCheck, FormComment, Kind
from formchecks.services import MAX_COMMENT_CHARS


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True)
    name = serializers.CharField()
    role = serializers.CharField()


def person(user, role: str) -> dict:
    return {
        "id": user.pk if user else None,
        "name": user.display_name if user else "Former member",
        "role": role,
    }


class CommentSerializer(serializers.ModelSerializer):
    """``{id, author: {id, name, role}, at_seconds, body, created_at}``; ``at_seconds`` is the
    moment of the video the comment is about (null: the whole check)."""

    author = serializers.SerializerMethodField()

    class Meta:
        model = FormComment
        fields = ["id", "author", "at_seconds", "body", "created_at"]

    def get_author(self, comment) -> PersonSerializer:
        return person(comment.author, comment.author_role)


class SetSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    exercise = serializers.CharField(source="exercise.name")
    set_index = serializers.IntegerField()
    reps = serializers.IntegerField()
    load_kg = serializers.FloatField()
    performed_at = serializers.DateTimeField(source="log.performed_at")


class FormCheckSerializer(serializers.ModelSerializer):
    """A form check with its comments. ``file_url`` serves the bytes to this client and their
    coaching team only (Range requests answered with 206)."""

    uploaded_by = serializers.SerializerMethodField()
    set_log = SetSerializer(allow_null=True, read_only=True)
    comments = CommentSerializer(many=True, read_only=True)
    url = serializers.SerializerMethodField()
    file_url = serializers.SerializerMethodField()

    class Meta:
        model = FormCheck
        fields = [
            "id",
            "client",
            "kind",
            "content_type",
            "size_bytes",
            "duration_seconds",
            "note",
            "set_log",
            "message",
            "uploaded_by",
            "created_at",
            "url",
            "file_url",
            "comments",
        ]

    def get_uploaded_by(self, form_check) -> PersonSerializer:
        return person(form_check.uploaded_by, form_check.uploaded_by_role)

    def _url_args(self, form_check) -> list:
        return [self.context["organization"].slug, form_check.client_id, form_check.pk]

    def get_url(self, form_check) -> str:

        return reverse("api_form_check", args=self._url_args(form_check))

    def get_file_url(self, form_check) -> str:

        return reverse("api_form_check_file", args=self._url_args(form_check))


class NewCommentSerializer(serializers.Serializer):
    body = serializers.CharField(
        allow_blank=True, trim_whitespace=False, help_text=f"Up to {MAX_COMMENT_CHARS} characters."
    )
    at_seconds = serializers.FloatField(
        required=False,
        allow_null=True,
        min_value=0,
        max_value=24 * 3600,
        help_text="The moment of the video, in seconds from its start (leave out for a photo).",
    )

    def validate_at_seconds(self, value):
        if value is not None and not math.isfinite(value):
            raise serializers.ValidationError("Give a number of seconds.")
        return value


KIND_CHOICES = Kind.choices
