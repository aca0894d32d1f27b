import zoneinfo

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm

from coaching.core.localtime import zone_label
from coaching.extensions import tier_choices
from coaching.models import EMAIL_MAX_LENGTH, STAFF_ROLES, Membership, Role

User = get_user_model()

COMMON_TIME_ZONES = sorted(zoneinfo.available_timezones())


class EmailLoginForm(AuthenticationForm):
    username = forms.EmailField(
        label="Email",
        max_length=EMAIL_MAX_LENGTH,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    def clean_username(self):
        return self.cleaned_data["username"].lower()


class SignupForm(forms.Form):
    name = forms.CharField(label="Your name", max_length=120, required=False)
    email = forms.EmailField(
        max_length=EMAIL_MAX_LENGTH, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 8 characters, not all numbers, not a common password.",
    )
    organization_name = forms.CharField(label="Business name", max_length=120)
    time_zone = forms.ChoiceField(
        choices=[(tz, tz) for tz in COMMON_TIME_ZONES],
        initial="UTC",
        help_text="Nightly check-ups run at 02:00 in this time zone.",
    )

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "An account with this email already exists. Log in instead."
            )
        return email

    def clean_organization_name(self):
        name = self.cleaned_data["organization_name"].strip()
        if not name:
            raise forms.ValidationError("Give your coaching business a name.")
        return name

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            try:
                password_validation.validate_password(
                    password, User(email=cleaned.get("email", ""), name=cleaned.get("name", ""))
                )
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return cleaned


class AcceptInvitationForm(forms.Form):
    name = forms.CharField(label="Your name", max_length=120, required=False)
    password = forms.CharField(widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def __init__(self, *args, invitation, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = invitation
        self.existing_user = User.objects.filter(email__iexact=invitation.email).first()
        if self.existing_user is not None:
            self.fields.pop("name")
            self.fields["password"].label = "Your Spotter password"
            self.fields["password"].widget.attrs["autocomplete"] = "current-password"
        else:
            self.fields["password"].label = "Choose a password"
            self.fields["password"].help_text = "At least 8 characters, not all numbers."

    def clean_password(self):
        password = self.cleaned_data["password"]
        if self.existing_user is not None:
            if not self.existing_user.check_password(password):
                raise forms.ValidationError("That is not the password of this account.")
        else:
            password_validation.validate_password(password, User(email=self.invitation.email))
        return password


class InvitationForm(forms.Form):
    email = forms.EmailField(max_length=EMAIL_MAX_LENGTH)
    role = forms.ChoiceField(choices=[(Role.CLIENT, "Client"), (Role.COACH, "Coach")])
    coach = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, empty_label="(me, or assign later)"
    )

    def __init__(self, *args, organization, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.membership = membership
        self.fields["coach"].queryset = User.objects.filter(
            membership__organization=organization, membership__role__in=STAFF_ROLES
        ).order_by("name", "email")
        self.fields["coach"].label_from_instance = lambda user: user.display_name
        if membership.role == Role.COACH:
            self.fields["role"].choices = [(Role.CLIENT, "Client")]
        tiers = tier_choices(organization)
        if tiers:
            self.fields["tier"] = forms.TypedChoiceField(
                choices=[("", "(client chooses)"), *tiers],
                coerce=int,
                empty_value=None,
                required=False,
                label="Tier",
            )

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if Membership.objects.filter(user__email__iexact=email).exists():
            raise forms.ValidationError("This person is already in your organization.")
        return email

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") == Role.COACH and cleaned.get("coach"):
            self.add_error("coach", "Only clients are assigned a coach.")
        if cleaned.get("role") == Role.COACH and cleaned.get("tier"):
            self.add_error("tier", "Only clients are put on a tier.")
        return cleaned


def time_zone_choices(organization_zone: str) -> list[tuple[str, str]]:
    """Every IANA zone by name, after "the organization's" (the blank choice)."""
    own = [("", f"{zone_label(organization_zone)} (my coach's)")]
    return own + [(name, zone_label(name)) for name in COMMON_TIME_ZONES]


class TimeZoneForm(forms.Form):
    """A client's own time zone: blank for the organization's."""

    time_zone = forms.ChoiceField(label="Your time zone", required=False)

    def __init__(self, *args, organization_zone: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = time_zone_choices(organization_zone)
        self.fields["time_zone"].help_text = (
            "Your days (today's session, missed sessions, reminders and your history) follow "
            "this zone. Set it when you live or travel away from your coach."
        )
