"""Pages: landing, sign-up, invitations, and each role's home."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import LoginView
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_http_methods, require_POST

from coaching import accounts, erasure, services
from coaching.access import organization_page
from coaching.extensions import annotate_clients
from coaching.forms import AcceptInvitationForm, EmailLoginForm, InvitationForm, SignupForm
from coaching.models import STAFF_ROLES, Client, Invitation, Membership, Role
from coaching.tenancy import user_scope
from coaching.throttling import (
    PasswordResetThrottle,
    RegistrationThrottle,
    page_throttled,
    wait_words,
)

CLIENTS_PAGE_SIZE = 50  # rows of the coach's client list per page


def home_url(membership: Membership) -> str:
    return reverse(membership.home_url_name, args=[membership.organization.slug])


def landing(request: HttpRequest) -> HttpResponse:
    """Signed out: what Spotter is. Signed in: straight to your home, or a choice of businesses."""
    if not request.user.is_authenticated:
        return render(request, "coaching/landing.html")
    with user_scope(request.user):
        memberships = list(
            Membership.unscoped.filter(user=request.user)
            .select_related("organization")
            .order_by("organization__name")
        )
    if len(memberships) == 1:
        return redirect(home_url(memberships[0]))
    return render(request, "coaching/choose_organization.html", {"memberships": memberships})


class SpotterLoginView(LoginView):
    """Sign in. Failed attempts are counted per account and per address (django-axes); a locked
    sign-in is answered by ``coaching.throttling.lockout_response`` (429, in words)."""

    template_name = "coaching/login.html"
    authentication_form = EmailLoginForm
    redirect_authenticated_user = True


@require_http_methods(["GET", "POST"])
def logout_view(request: HttpRequest) -> HttpResponse:
    """Log out of the pages; the person's API token dies too."""
    if request.method == "POST":
        if request.user.is_authenticated:
            accounts.revoke_tokens(request.user)
        logout(request)
        messages.info(request, "You are logged out.")
        return redirect("login")
    return render(request, "coaching/logout.html")


def _throttled_page(request: HttpRequest, template: str, context: dict, seconds: int):
    response = render(
        request,
        template,
        {
            **context,
            "throttled": "Too many attempts from this network. "
            f"Try again in {wait_words(seconds)}.",
        },
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """Start a new coaching business: the person signing up becomes its owner. Throttled per
    address, since it says whether an email is taken."""
    form = SignupForm(request.POST or None)
    if request.method == "POST":
        seconds = page_throttled(request, RegistrationThrottle)
        if seconds:
            return _throttled_page(request, "coaching/signup.html", {"form": form}, seconds)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        registration = services.register_business(
            email=data["email"],
            password=data["password"],
            organization_name=data["organization_name"],
            name=data["name"],
            time_zone=data["time_zone"],
        )
        login(request, registration.user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, f"Welcome to Spotter. {registration.organization.name} is ready.")
        return redirect(home_url(registration.membership))
    return render(request, "coaching/signup.html", {"form": form})


@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.find_invitation(token)
    if invitation is None:
        raise Http404("No such invitation")
    if not invitation.is_open:
        return render(request, "coaching/invitation_closed.html", {"invitation": invitation})
    form = AcceptInvitationForm(request.POST or None, invitation=invitation)
    if request.method == "POST" and form.is_valid():
        try:
            acceptance = services.accept_invitation(
                invitation,
                user=form.existing_user,
                password=form.cleaned_data["password"],
                name=form.cleaned_data.get("name", ""),
            )
        except services.AlreadyMember as exc:
            return render(
                request,
                "coaching/invitation_closed.html",
                {"invitation": invitation, "reason": str(exc)},
                status=400,
            )
        except ValueError:
            return render(request, "coaching/invitation_closed.html", {"invitation": invitation})
        login(request, acceptance.user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, f"You have joined {invitation.organization.name}.")
        return redirect(home_url(acceptance.membership))
    return render(
        request, "coaching/accept_invitation.html", {"invitation": invitation, "form": form}
    )


@organization_page()
def organization_root(request: HttpRequest) -> HttpResponse:
    return redirect(home_url(request.membership))


@organization_page(roles=STAFF_ROLES)
def coach_clients(request: HttpRequest) -> HttpResponse:
    """The coach's clients ("mine" by default, the whole team's on request), and invitations."""
    show_all = request.GET.get("clients") == "all"
    clients = Client.objects.select_related("user", "coach").exclude(status="archived")
    mine = clients.filter(coach=request.user)
    listed = clients if show_all else mine
    listed = annotate_clients(listed).order_by("user__name", "user__email", "pk")
    # Both tabs' counts in one query; the pager's is one of them.
    counts = clients.aggregate(all=Count("pk"), mine=Count("pk", filter=Q(coach=request.user)))
    # A page at a time: a business of thousands of clients is never rendered whole.
    paginator = Paginator(listed, CLIENTS_PAGE_SIZE)
    paginator.count = counts["all" if show_all else "mine"]
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "coaching/coach_clients.html",
        {
            "clients": list(page.object_list),
            "page": page,
            "show_all": show_all,
            "mine_count": counts["mine"],
            "all_count": counts["all"],
            "invite_form": InvitationForm(
                organization=request.organization, membership=request.membership
            ),
            "invitations": _open_invitations(request.membership),
        },
    )


@organization_page(roles=[Role.OWNER])
def owner_team(request: HttpRequest) -> HttpResponse:
    """The team: coaches and owners with their client counts, and invitations."""
    team = (
        Membership.objects.filter(role__in=STAFF_ROLES)
        .select_related("user")
        .annotate(
            client_count=Count(
                "user__coached_clients",
                filter=Q(user__coached_clients__organization=request.organization)
                & ~Q(user__coached_clients__status="archived"),
            )
        )
        .order_by("role", "user__name", "user__email")
    )
    clients = Client.objects.all()
    return render(
        request,
        "coaching/owner_team.html",
        {
            "team": list(team),
            "client_total": clients.exclude(status="archived").count(),
            "unassigned": clients.filter(coach__isnull=True).exclude(status="archived").count(),
            "invite_form": InvitationForm(
                organization=request.organization, membership=request.membership
            ),
            "invitations": _open_invitations(request.membership),
        },
    )


def _open_invitations(membership: Membership) -> list[Invitation]:
    return list(
        services.open_invitations_for(membership)
        .select_related("coach", "invited_by")
        .order_by("-created_at")[:50]
    )


def _invitations_answer(request: HttpRequest, notice: str, status: int = 200) -> HttpResponse:
    """The invitations panel (htmx) or a redirect back to the page it is on."""
    if request.htmx:
        context = {
            "invite_form": InvitationForm(
                organization=request.organization, membership=request.membership
            ),
            "invitations": _open_invitations(request.membership),
            "notice": notice,
        }
        return render(request, "coaching/partials/invitations.html", context, status=status)
    (messages.success if status == 200 else messages.error)(request, notice)
    return redirect(
        "owner_team" if request.membership.role == Role.OWNER else "coach_clients",
        request.organization.slug,
    )


def _managed_invitation(request: HttpRequest, pk: int) -> Invitation:
    invitation = get_object_or_404(Invitation.objects.filter(accepted_at__isnull=True), pk=pk)
    if not services.may_manage_invitation(request.membership, invitation):
        raise PermissionDenied("Coaches manage client invitations only.")
    return invitation


@require_POST
@organization_page(roles=STAFF_ROLES)
def invitation_resend(request: HttpRequest, pk: int) -> HttpResponse:
    """Email an open invitation again (valid for a full term from now)."""
    invitation = _managed_invitation(request, pk)
    try:
        services.resend_invitation(invitation)
    except services.InvitationClosed as exc:
        return _invitations_answer(request, str(exc), status=409)
    return _invitations_answer(request, f"Invitation emailed again to {invitation.email}.")


@require_POST
@organization_page(roles=STAFF_ROLES)
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw an open invitation: its link stops working."""
    invitation = _managed_invitation(request, pk)
    services.revoke_invitation(invitation)
    return _invitations_answer(request, f"Invitation for {invitation.email} revoked.")


@require_POST
@organization_page(roles=STAFF_ROLES)
def invite(request: HttpRequest) -> HttpResponse:
    """Invite a coach or client; answers the invitations panel (htmx) or redirects back."""
    form = InvitationForm(
        request.POST, organization=request.organization, membership=request.membership
    )
    created = None
    if form.is_valid():
        created = services.create_invitation(
            organization=request.organization,
            invited_by=request.user,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            coach=form.cleaned_data.get("coach"),
            tier_id=form.cleaned_data.get("tier"),
        )
        form = InvitationForm(organization=request.organization, membership=request.membership)
    context = {
        "invite_form": form,
        "invitations": _open_invitations(request.membership),
        "created": created,
    }
    status = 200 if created or not form.is_bound else 400
    if request.htmx:
        return render(request, "coaching/partials/invitations.html", context, status=status)
    if created:
        messages.success(request, f"Invitation emailed to {created.email}.")
        return redirect(home_url(request.membership))
    return render(request, "coaching/invite_page.html", context, status=status)


DELETE_CONFIRMATION_WORD = "delete"


@require_http_methods(["GET", "POST"])
@organization_page(roles=[Role.OWNER])
def owner_client_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """The owner deletes a client's personal data after typing "delete" (numbers are kept)."""
    client = get_object_or_404(Client.objects.select_related("user"), pk=pk)
    error = ""
    status = 200
    if request.method == "POST":
        typed = request.POST.get("confirm", "").strip().lower()
        if typed != DELETE_CONFIRMATION_WORD:
            error = f'Type "{DELETE_CONFIRMATION_WORD}" to confirm.'
            status = 400
        else:
            try:
                erasure.anonymize_client(client)
            except erasure.ErasureBlocked as exc:
                error, status = str(exc), 409
            else:
                messages.success(
                    request, "The client's personal data is deleted; their numbers stay."
                )
                return redirect("coach_clients", request.organization.slug)
    return render(
        request,
        "coaching/client_delete.html",
        {"client": client, "error": error, "word": DELETE_CONFIRMATION_WORD},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@organization_page(roles=[Role.CLIENT])
def client_delete_data(request: HttpRequest) -> HttpResponse:
    """A client deletes their own data in this organization, confirming with their password."""
    client = get_object_or_404(Client, user=request.user)
    error = ""
    status = 200
    if request.method == "POST":
        if not request.user.check_password(request.POST.get("password", "")):
            error, status = "That is not your password.", 400
        else:
            try:
                erasure.anonymize_client(client)
            except erasure.ErasureBlocked as exc:
                error, status = str(exc), 409
            else:
                logout(request)
                messages.info(
                    request, "Your data is deleted and your login to this coaching is closed."
                )
                return redirect("login")
    return render(request, "coaching/delete_my_data.html", {"error": error}, status=status)


@require_http_methods(["GET", "POST"])
@organization_page()
def notification_settings(request: HttpRequest) -> HttpResponse:
    """Which emails this person gets from this organization: each optional kind on or off, and
    what always arrives (invitations, password resets, red-flag alerts to coaches)."""
    from coaching import notifications
    from coaching.core import notification_kinds
    from coaching.tasks import tasks_run_in_process

    audience = notifications.audience_of(request.membership.role)
    if request.method == "POST":
        notifications.set_email_preferences(
            request.organization, request.user, audience, request.POST.getlist("email")
        )
        messages.success(request, "Your email choices are saved.")
        return redirect("notification_settings", request.organization.slug)
    return render(
        request,
        "coaching/notification_settings.html",
        {
            "choices": notifications.email_preferences(request.user, audience),
            "always": notification_kinds.always_sent(audience),
            "digest_minutes": int(notification_kinds.DIGEST_INTERVAL.total_seconds() // 60),
            "batched": not tasks_run_in_process(),
        },
    )


class SpotterPasswordChangeView(auth_views.PasswordChangeView):
    """A signed-in person changes their password; other sessions and every API token end."""

    template_name = "coaching/password_change.html"
    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form):
        response = super().form_valid(form)  # keeps this session, ends the others
        accounts.revoke_tokens(form.user)
        messages.success(self.request, "Your password is changed.")
        return response


class SpotterPasswordResetView(auth_views.PasswordResetView):
    """Ask for a reset link by email; the page says the same whether or not the account exists.
    Throttled per address."""

    template_name = "coaching/password_reset.html"
    success_url = reverse_lazy("password_reset_done")

    def post(self, request, *args, **kwargs):
        seconds = page_throttled(request, PasswordResetThrottle)
        if seconds:
            return _throttled_page(request, self.template_name, {"form": self.get_form()}, seconds)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        accounts.send_password_reset(form.cleaned_data["email"], request=self.request)
        return redirect(self.success_url)


class SpotterPasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """The link from the email: choose a new password; every API token of the account ends."""

    template_name = "coaching/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        accounts.revoke_tokens(form.user)
        return response
