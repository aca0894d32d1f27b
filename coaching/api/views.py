from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, permissions, status
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from coaching import accounts, erasure, services
from coaching.api.authentication import ExpiringTokenAuthentication
from coaching.api.base import ALL_ROLES, CLIENT_ONLY, STAFF, OrganizationAPIView
from coaching.api.filters import ClientFilter, FilterBackend
from coaching.api.serializers import (
    AcceptanceResultSerializer,
    AcceptInvitationSerializer,
    ClientDeletionSerializer,
    ClientSerializer,
    CreatedInvitationSerializer,
    DetailSerializer,
    InvitationCreateSerializer,
    InvitationSerializer,
    MeSerializer,
    OrganizationMembershipSerializer,
    PasswordChangeSerializer,
    PasswordResetConfirmSerializer,
    PasswordResetRequestSerializer,
    RegisterSerializer,
    RegistrationResultSerializer,
    TokenRequestSerializer,
    TokenSerializer,
)
from coaching.extensions import annotate_clients, tier_is_valid
from coaching.models import Client, Invitation, Membership, Role
from coaching.tenancy import user_scope
from coaching.throttling import PasswordResetThrottle, RegistrationThrottle

NOT_FOUND = OpenApiResponse(description="Not in this organization (or no such object).")
FORBIDDEN = OpenApiResponse(description="Your role may not do this.")


THROTTLED = OpenApiResponse(
    description="Too many attempts from this address or for this account; see Retry-After."
)


class RegisterView(APIView):
    """Create a user who owns a new organization (throttled per address: it says whether an
    email is taken, so it must not be a fast way to test addresses)."""

    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []
    throttle_classes = [RegistrationThrottle]

    @extend_schema(
        request=RegisterSerializer, responses={201: RegistrationResultSerializer, 429: THROTTLED}
    )
    def post(self, request):
        serializer = RegisterSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        registration = services.register_business(
            email=data["email"],
            password=data["password"],
            organization_name=data["organization_name"],
            name=data["name"],
            time_zone=data["time_zone"],
        )
        token = accounts.issue_token(registration.user)
        organization = registration.organization
        return Response(
            {
                "user": {"id": registration.user.id, "email": registration.user.email},
                "organization": {"slug": organization.slug, "name": organization.name},
                "token": token.key,
            },
            status=status.HTTP_201_CREATED,
        )


class TokenView(APIView):
    """POST: exchange an email and password for the API token (failed attempts are counted per
    account and per address; locked: 429 with Retry-After). DELETE: revoke the token sent."""

    def get_authenticators(self):
        if getattr(self, "request", None) is not None and self.request.method == "DELETE":
            return [ExpiringTokenAuthentication()]
        return []

    def get_permissions(self):
        if getattr(self, "request", None) is not None and self.request.method == "DELETE":
            return [permissions.IsAuthenticated()]
        return [permissions.AllowAny()]

    @extend_schema(request=TokenRequestSerializer, responses={200: TokenSerializer, 429: THROTTLED})
    def post(self, request):
        # The Django request itself, so django-axes can mark it locked for its middleware.
        serializer = TokenRequestSerializer(
            data=request.data, context={"request": request._request}
        )
        if not serializer.is_valid():
            # Answered, not raised: an exception would roll back the request's transaction, and
            # with it the failed attempt django-axes has just stored.
            return Response(serializer.errors, status=status.HTTP_400_BAD_REQUEST)
        token = accounts.issue_token(serializer.validated_data["user"])
        return Response({"token": token.key})

    @extend_schema(request=None, responses={204: OpenApiResponse(description="Revoked.")})
    def delete(self, request):
        request.auth.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class PasswordResetRequestView(APIView):
    """Ask for a password-reset email. Always 202, whether or not an account uses the address
    (throttled per address)."""

    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []
    throttle_classes = [PasswordResetThrottle]

    @extend_schema(
        request=PasswordResetRequestSerializer,
        responses={202: DetailSerializer, 429: THROTTLED},
    )
    def post(self, request):
        serializer = PasswordResetRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        accounts.send_password_reset(serializer.validated_data["email"], request=request._request)
        return Response(
            {
                "detail": "If an account uses this email, a link to set a new password is on its way."
            },
            status=status.HTTP_202_ACCEPTED,
        )


class PasswordResetConfirmView(APIView):
    """Set a new password with the uid and token from the reset email; every API token of the
    account is revoked."""

    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []

    @extend_schema(request=PasswordResetConfirmSerializer, responses={200: DetailSerializer})
    def post(self, request):
        serializer = PasswordResetConfirmSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response({"detail": "Your password is changed; sign in with it."})


class PasswordChangeView(APIView):
    """Change the signed-in person's password: every API token they had is revoked and a new
    one is given."""

    @extend_schema(request=PasswordChangeSerializer, responses={200: TokenSerializer})
    def post(self, request):
        serializer = PasswordChangeSerializer(data=request.data, context={"user": request.user})
        serializer.is_valid(raise_exception=True)
        serializer.save()
        accounts.revoke_tokens(request.user)
        return Response({"token": accounts.issue_token(request.user).key})


class OrganizationListView(generics.ListAPIView):
    """The organizations the signed-in user belongs to, with their role in each."""

    serializer_class = OrganizationMembershipSerializer

    def list(self, request, *args, **kwargs):
        with user_scope(request.user):
            return super().list(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Membership.unscoped.none()
        # Across organizations by design: only the user's own memberships.
        return (
            Membership.unscoped.filter(user=self.request.user)
            .select_related("organization")
            .order_by("organization__name")
        )


class InvitationListCreateView(OrganizationAPIView, generics.ListCreateAPIView):
    """Open invitations; owners invite coaches and clients, coaches invite clients. The owner
    lists every open invitation, a coach the client invitations they made; the token and link
    are in the answer to the POST only."""

    model = Invitation
    allowed_roles = STAFF
    serializer_class = InvitationSerializer

    def scope_queryset(self, queryset):
        visible = services.open_invitations_for(self.membership).values("pk")
        return queryset.filter(pk__in=visible).order_by("-created_at")

    @extend_schema(
        request=InvitationCreateSerializer,
        responses={201: CreatedInvitationSerializer, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def post(self, request, *args, **kwargs):
        serializer = InvitationCreateSerializer(
            data=request.data,
            context={**self.get_serializer_context(), "tier_validator": tier_is_valid},
        )
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        invitation = services.create_invitation(
            organization=self.organization,
            invited_by=request.user,
            email=data["email"],
            role=data["role"],
            coach=data.get("coach"),
            tier_id=data.get("tier"),
        )
        return Response(
            CreatedInvitationSerializer(invitation, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )


class InvitationDetailView(OrganizationAPIView, generics.RetrieveAPIView):
    """One open invitation. DELETE revokes it (its link stops working; 204, also when it was
    revoked already). Owners manage every invitation, coaches client invitations."""

    model = Invitation
    allowed_roles = STAFF
    serializer_class = InvitationSerializer

    def scope_queryset(self, queryset):
        return queryset.filter(accepted_at__isnull=True)

    def get_object(self):
        invitation = super().get_object()
        if not services.may_manage_invitation(self.membership, invitation):
            raise PermissionDenied("Coaches manage client invitations only.")
        return invitation

    @extend_schema(
        responses={
            204: OpenApiResponse(description="Revoked (or revoked before)."),
            403: FORBIDDEN,
            404: NOT_FOUND,
        }
    )
    def delete(self, request, org, pk):
        services.revoke_invitation(self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class InvitationResendView(OrganizationAPIView):
    """Email an open invitation again; its link is valid for a full term from now."""

    model = Invitation
    allowed_roles = STAFF

    @extend_schema(
        request=None,
        responses={
            200: InvitationSerializer,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: OpenApiResponse(description="Revoked: it cannot be sent again."),
        },
    )
    def post(self, request, org, pk):
        invitation = get_object_or_404(self.get_queryset().filter(accepted_at__isnull=True), pk=pk)
        if not services.may_manage_invitation(self.membership, invitation):
            raise PermissionDenied("Coaches manage client invitations only.")
        try:
            invitation = services.resend_invitation(invitation)
        except services.InvitationClosed as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
        return Response(
            InvitationSerializer(invitation, context=self.get_serializer_context()).data
        )


class AcceptInvitationView(APIView):
    """Accept an invitation by its token: creates the account if needed, joins the organization."""

    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []

    @extend_schema(
        request=AcceptInvitationSerializer,
        responses={201: AcceptanceResultSerializer, 404: NOT_FOUND},
    )
    def post(self, request, token: str):
        invitation = services.find_invitation(token)
        if invitation is None:
            raise NotFound("No invitation with this token.")
        serializer = AcceptInvitationSerializer(
            data=request.data, context={"invitation": invitation}
        )
        serializer.is_valid(raise_exception=True)
        try:
            acceptance = services.accept_invitation(
                invitation,
                user=serializer.validated_data["user"],
                password=serializer.validated_data["password"],
                name=serializer.validated_data["name"],
            )
        except ValueError as exc:
            raise ValidationError({"token": [str(exc)]}) from None
        api_token = accounts.issue_token(acceptance.user)
        body = {
            "token": api_token.key,
            "user": {"id": acceptance.user.id, "email": acceptance.user.email},
            "organization": {
                "slug": invitation.organization.slug,
                "name": invitation.organization.name,
            },
            "role": acceptance.membership.role,
        }
        if acceptance.client is not None:
            body["client"] = {"id": acceptance.client.id}
        return Response(body, status=status.HTTP_201_CREATED)


class ClientQuerysetMixin:
    """Clients with their user, and tier / level from the apps that provide them."""

    model = Client

    def scope_queryset(self, queryset):
        queryset = queryset.select_related("user")
        if self.membership.role == Role.CLIENT:
            queryset = queryset.filter(user=self.request.user)
        return annotate_clients(queryset)


@extend_schema(responses={200: ClientSerializer(many=True), 403: FORBIDDEN, 404: NOT_FOUND})
class ClientListView(ClientQuerysetMixin, OrganizationAPIView, generics.ListAPIView):
    """Clients of the organization. ``?coach=me`` narrows to the caller's own clients,
    ``?status=`` and ``?search=`` filter."""

    allowed_roles = STAFF
    serializer_class = ClientSerializer

    filter_backends = [FilterBackend]
    filterset_class = ClientFilter

    def scope_queryset(self, queryset):
        return super().scope_queryset(queryset).order_by("user__name", "user__email", "id")


@extend_schema(responses={200: ClientSerializer, 403: FORBIDDEN, 404: NOT_FOUND})
class ClientDetailView(ClientQuerysetMixin, OrganizationAPIView, generics.RetrieveAPIView):
    """One client. Staff see every client of the organization; a client sees only themself.

    DELETE deletes the client's personal data (``coaching.erasure``): the owner for any client,
    a client for themself with their password; coaches may not."""

    allowed_roles = ALL_ROLES
    write_roles = frozenset({Role.OWNER, Role.CLIENT})
    serializer_class = ClientSerializer

    @extend_schema(
        request=ClientDeletionSerializer,
        responses={
            204: OpenApiResponse(description="Deleted (or already deleted before)."),
            400: OpenApiResponse(description="A client's password did not match."),
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: OpenApiResponse(description="Billing could not end the subscription yet."),
        },
    )
    def delete(self, request, org, pk):
        client = self.get_object()
        if self.membership.role == Role.CLIENT:
            serializer = ClientDeletionSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            if not request.user.check_password(serializer.validated_data["password"]):
                raise ValidationError({"password": ["That is not your password."]})
        try:
            erasure.anonymize_client(client)
        except erasure.ErasureBlocked as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(
    responses={
        200: MeSerializer,
        400: OpenApiResponse(description="A field is invalid (named in the body)."),
        403: FORBIDDEN,
        404: NOT_FOUND,
    }
)
class MeView(ClientQuerysetMixin, OrganizationAPIView, generics.RetrieveUpdateAPIView):
    """The signed-in client's own client record. PATCH ``{reminders_enabled}`` turns the
    morning reminders of planned sessions on or off; ``{time_zone}`` sets the client's own zone
    (an IANA name; blank: the organization's)."""

    allowed_roles = CLIENT_ONLY
    serializer_class = MeSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self):
        client = self.get_queryset().first()
        if client is None:
            raise NotFound()
        return client
