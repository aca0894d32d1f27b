import zoneinfo

from django.conf import settings
from django.contrib.auth import authenticate, get_user_model, password_validation
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils.http import urlsafe_base64_decode
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied

from coaching.accounts import revoke_tokens
from coaching.api.fields import OrganizationStaffField
from coaching.models import EMAIL_MAX_LENGTH, Client, Invitation, Membership, Role

User = get_user_model()


def _check_password(password: str, email: str = "") -> str:
    try:
        password_validation.validate_password(password, User(email=email))
    except DjangoValidationError as exc:
        raise serializers.ValidationError(list(exc.messages)) from None
    return password


class UserSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "email"]


class RegisterSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=EMAIL_MAX_LENGTH)
    password = serializers.CharField(write_only=True, trim_whitespace=False)
    organization_name = serializers.CharField(max_length=120)
    name = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    time_zone = serializers.CharField(required=False, default="UTC")

    def validate_email(self, value: str) -> str:
        value = value.lower()
        if User.objects.filter(email__iexact=value).exists():
            raise serializers.ValidationError("An account with this email already exists.")
        return value

    def validate_organization_name(self, value: str) -> str:
        if not value.strip():
            raise serializers.ValidationError("Give your coaching business a name.")
        return value.strip()

    def validate_time_zone(self, value: str) -> str:
        if value not in zoneinfo.available_timezones():
            raise serializers.ValidationError(f"{value!r} is not a known time zone.")
        return value

    def validate(self, attrs):
        try:
            _check_password(attrs["password"], attrs["email"])
        except serializers.ValidationError as exc:
            raise serializers.ValidationError({"password": exc.detail}) from None
        return attrs


class TokenRequestSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=EMAIL_MAX_LENGTH)
    password = serializers.CharField(write_only=True, trim_whitespace=False)

    def validate(self, attrs):
        user = authenticate(
            self.context.get("request"), username=attrs["email"].lower(), password=attrs["password"]
        )
        if user is None:
            raise serializers.ValidationError(
                {"password": ["This email and password do not match an active account."]}
            )
        attrs["user"] = user
        return attrs


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField()


class PasswordResetRequestSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=EMAIL_MAX_LENGTH)


class PasswordResetConfirmSerializer(serializers.Serializer):
    """The uid and token of a reset email (Django's own token generator) and the new password."""

    uid = serializers.CharField(max_length=64)
    token = serializers.CharField(max_length=128)
    password = serializers.CharField(write_only=True, trim_whitespace=False, max_length=4096)

    def validate(self, attrs):

        try:
            pk = int(urlsafe_base64_decode(attrs["uid"]).decode())
        except (ValueError, TypeError, UnicodeDecodeError, OverflowError):
            pk = None
        user = User.objects.filter(pk=pk, is_active=True).first() if pk else None
        if user is None:
            raise serializers.ValidationError({"uid": ["This reset link is not valid."]})
        if not default_token_generator.check_token(user, attrs["token"]):
            raise serializers.ValidationError(
                {"token": ["This reset link is not valid or has expired; ask for a new one."]}
            )
        form = SetPasswordForm(
            user, {"new_password1": attrs["password"], "new_password2": attrs["password"]}
        )
        if not form.is_valid():
            raise serializers.ValidationError({"password": form.errors["new_password2"]})
        attrs["form"] = form
        return attrs

    def save(self):

        user = self.validated_data["form"].save()
        revoke_tokens(user)
        return user


class PasswordChangeSerializer(serializers.Serializer):
    old_password = serializers.CharField(write_only=True, trim_whitespace=False, max_length=4096)
    new_password = serializers.CharField(write_only=True, trim_whitespace=False, max_length=4096)

    def validate(self, attrs):

        form = PasswordChangeForm(
            self.context["user"],
            {
                "old_password": attrs["old_password"],
                "new_password1": attrs["new_password"],
                "new_password2": attrs["new_password"],
            },
        )
        if not form.is_valid():
            errors = {}
            if "old_password" in form.errors:
                errors["old_password"] = form.errors["old_password"]
            if "new_password2" in form.errors:
                errors["new_password"] = form.errors["new_password2"]
            raise serializers.ValidationError(errors or {"new_password": ["Not accepted."]})
        attrs["form"] = form
        return attrs

    def save(self):
        return self.validated_data["form"].save()


class OrganizationMembershipSerializer(serializers.ModelSerializer):
    slug = serializers.CharField(source="organization.slug")
    name = serializers.CharField(source="organization.name")

    class Meta:
        model = Membership
        fields = ["slug", "name", "role"]


class OrganizationRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class RegistrationResultSerializer(serializers.Serializer):
    user = UserSerializer()
    organization = OrganizationRefSerializer()
    token = serializers.CharField()


class InvitationCreateSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=EMAIL_MAX_LENGTH)
    role = serializers.ChoiceField(choices=[(Role.COACH, "Coach"), (Role.CLIENT, "Client")])
    coach = OrganizationStaffField(required=False, allow_null=True)
    tier = serializers.IntegerField(required=False, allow_null=True, min_value=1)

    def validate_email(self, value: str) -> str:
        value = value.lower()
        organization = self.context["organization"]
        if Membership.objects.filter(organization=organization, user__email__iexact=value).exists():
            raise serializers.ValidationError("This person is already in your organization.")
        return value

    def validate_role(self, value: str) -> str:
        membership = self.context["membership"]
        if membership.role == Role.COACH and value != Role.CLIENT:
            raise PermissionDenied("Coaches may invite clients only; an owner invites coaches.")
        return value

    def validate(self, attrs):
        if attrs["role"] != Role.CLIENT:
            for field in ("coach", "tier"):
                if attrs.get(field) is not None:
                    raise serializers.ValidationError(
                        {field: ["Only client invitations take this."]}
                    )
        tier_id = attrs.get("tier")
        if tier_id is not None:
            validator = self.context.get("tier_validator")
            if validator is not None and not validator(self.context["organization"], tier_id):
                raise serializers.ValidationError(
                    {"tier": ["No active tier with this id in your organization."]}
                )
        return attrs


class InvitationSerializer(serializers.ModelSerializer):
    """An invitation as lists show it: without its token, which is shown once, at creation."""

    tier = serializers.IntegerField(source="tier_id", allow_null=True)
    invited_by = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Invitation
        fields = [
            "id",
            "email",
            "role",
            "coach",
            "tier",
            "invited_by",
            "created_at",
            "expires_at",
            "accepted_at",
            "sent_at",
        ]


class CreatedInvitationSerializer(InvitationSerializer):
    """The answer to creating an invitation: the only time its token and link are given."""

    accept_url = serializers.SerializerMethodField()

    class Meta(InvitationSerializer.Meta):
        fields = [*InvitationSerializer.Meta.fields, "token", "accept_url"]

    def get_accept_url(self, invitation) -> str:

        return settings.SITE_URL + reverse("accept_invitation", args=[invitation.token])


class AcceptInvitationSerializer(serializers.Serializer):
    password = serializers.CharField(write_only=True, trim_whitespace=False)
    name = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")

    def validate(self, attrs):
        invitation = self.context["invitation"]
        if invitation.accepted_at is not None:
            raise serializers.ValidationError(
                {"token": ["This invitation has already been accepted; log in instead."]}
            )
        if invitation.revoked_at is not None:
            raise serializers.ValidationError(
                {"token": ["This invitation was withdrawn; ask the business for a new one."]}
            )
        if invitation.is_expired:
            raise serializers.ValidationError(
                {"token": ["This invitation has expired; ask for a new one."]}
            )
        existing = User.objects.filter(email__iexact=invitation.email).first()
        if existing is not None:
            if not existing.check_password(attrs["password"]) or not existing.is_active:
                raise serializers.ValidationError(
                    {"password": ["This email already has an account: enter its password."]}
                )
            attrs["user"] = existing
        else:
            try:
                _check_password(attrs["password"], invitation.email)
            except serializers.ValidationError as exc:
                raise serializers.ValidationError({"password": exc.detail}) from None
            attrs["user"] = None
        return attrs


class ClientRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()


class AcceptanceResultSerializer(serializers.Serializer):
    token = serializers.CharField()
    user = UserSerializer()
    organization = serializers.DictField()
    role = serializers.CharField()
    client = ClientRefSerializer(required=False)


class SegmentSerializer(serializers.Serializer):
    risk = serializers.CharField(allow_null=True)
    experience = serializers.CharField(allow_null=True)
    autonomy = serializers.CharField(allow_null=True)


class ClientSerializer(serializers.ModelSerializer):
    email = serializers.EmailField(source="user.email", read_only=True)
    name = serializers.CharField(source="user.display_name", read_only=True)
    coach = serializers.PrimaryKeyRelatedField(read_only=True)
    segment = SegmentSerializer(read_only=True)
    tier = serializers.SerializerMethodField()
    level = serializers.SerializerMethodField()

    class Meta:
        model = Client
        fields = [
            "id",
            "email",
            "name",
            "coach",
            "tier",
            "status",
            "segment",
            "level",
            "automation_hold",
            "time_zone",
            "created_at",
            "anonymized_at",
        ]
        extra_kwargs = {
            "time_zone": {
                "help_text": "The client's own IANA time zone (e.g. Pacific/Auckland); blank: "
                "the organization's. Their days are counted in it."
            }
        }

    def get_tier(self, client) -> int | None:
        # Filled by billing through the view's annotation (no import of billing here).
        return getattr(client, "tier_id_annotation", None)

    def get_level(self, client) -> str | None:
        # Filled by triage through the view's annotation: the latest traffic-light level.
        return getattr(client, "level_annotation", None)


class ClientDeletionSerializer(serializers.Serializer):
    """A client deleting their own data confirms with their password (owners need not)."""

    password = serializers.CharField(
        required=False, allow_blank=True, default="", style={"input_type": "password"}
    )


class MeSerializer(ClientSerializer):
    """The signed-in client's own record; of it they change only their own preferences
    (``reminders_enabled``, ``time_zone``)."""

    class Meta(ClientSerializer.Meta):
        fields = [*ClientSerializer.Meta.fields, "reminders_enabled"]
        read_only_fields = ["id", "status", "automation_hold", "created_at", "anonymized_at"]
