from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from messaging.attachments import MAX_ATTACHMENTS
from messaging.core.rules import CLIENT_SIDE, MAX_BODY_CHARS, TEAM_SIDE, body_problem, read_by
from messaging.models import AuthorRole, Message


class AuthorSerializer(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True)
    name = serializers.CharField()
    role = serializers.ChoiceField(choices=AuthorRole.choices)


class AttachmentSerializer(serializers.Serializer):
    """A form check on a message: ``url`` is its JSON (with the coach's comments), ``file_url``
    its bytes (only for that client and their coaching team), ``page_url`` the page it opens."""

    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=[("video", "Video"), ("photo", "Photo")])
    content_type = serializers.CharField()
    size_bytes = serializers.IntegerField()
    duration_seconds = serializers.FloatField(allow_null=True)
    url = serializers.CharField()
    file_url = serializers.CharField()
    page_url = serializers.CharField()


class MessageSerializer(serializers.ModelSerializer):
    """``{id, author: {id, name, role}, body, attachments, created_at, read_by_client,
    read_by_coach}``; the thread's read marks come from the view (``context["thread"]``)."""

    author = serializers.SerializerMethodField()
    attachments = serializers.SerializerMethodField()
    read_by_client = serializers.SerializerMethodField()
    read_by_coach = serializers.SerializerMethodField()

    class Meta:
        model = Message
        fields = [
            "id",
            "author",
            "body",
            "attachments",
            "created_at",
            "read_by_client",
            "read_by_coach",
        ]

    @extend_schema_field(AuthorSerializer)
    def get_author(self, message) -> dict:
        author = message.author
        return {
            "id": author.pk if author else None,
            "name": author.display_name if author else "Former team member",
            "role": message.author_role,
        }

    @extend_schema_field(AttachmentSerializer(many=True))
    def get_attachments(self, message) -> list:
        # Described for the whole page at once by the view (messaging.attachments.describe).
        fields = AttachmentSerializer._declared_fields
        found = self.context.get("attachments", {}).get(message.pk, [])
        return [{name: item[name] for name in fields} for item in found]

    def get_read_by_client(self, message) -> bool:
        thread = self.context["thread"]
        return read_by(message.pk, message.author_role, thread.client_read_up_to, CLIENT_SIDE)

    def get_read_by_coach(self, message) -> bool:
        thread = self.context["thread"]
        return read_by(message.pk, message.author_role, thread.team_read_up_to, TEAM_SIDE)


class NewMessageSerializer(serializers.Serializer):
    body = serializers.CharField(
        allow_blank=True, trim_whitespace=False, help_text=f"Up to {MAX_BODY_CHARS} characters."
    )
    attachments = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        required=False,
        default=list,
        max_length=MAX_ATTACHMENTS,
        help_text="Ids of this client's form checks (uploaded first to …/form-checks/) not yet "
        "on a message.",
    )

    def validate_body(self, value: str) -> str:
        problem = body_problem(value)
        if problem:
            raise serializers.ValidationError(problem)
        return value.strip()


class ReadSerializer(serializers.Serializer):
    up_to = serializers.IntegerField(min_value=1)


class ReadResultSerializer(serializers.Serializer):
    read_up_to = serializers.IntegerField()
    unread = serializers.IntegerField()
