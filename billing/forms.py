from django import forms

from billing.core import validation
from billing.core.presets import AUTO_KINDS_LABELS, PRESETS, REVIEW_CADENCES
from billing.core.price_change import APPLIES_TO_CHOICES
from billing.models import MAX_DESCRIPTION_LENGTH, SERVICE_MODEL_CHOICES, Tier

KIND_CHOICES = list(AUTO_KINDS_LABELS.items())


class TierForm(forms.Form):
    """The owner's tier editor: the same checks as the API (billing.core.validation)."""

    name = forms.CharField(max_length=80)
    service_model = forms.ChoiceField(choices=SERVICE_MODEL_CHOICES)
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=MAX_DESCRIPTION_LENGTH
    )
    monthly_price = forms.DecimalField(min_value=0, max_digits=10, decimal_places=2)
    currency = forms.CharField(max_length=3, initial="usd")
    auto_green = forms.MultipleChoiceField(
        choices=KIND_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="When all is well (green), the AI applies by itself",
    )
    auto_yellow = forms.MultipleChoiceField(
        choices=KIND_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="When something needs a look (yellow), the AI still applies",
    )
    review_cadence = forms.ChoiceField(
        choices=[(c, c.replace("_", " ")) for c in REVIEW_CADENCES], label="Coach review cadence"
    )
    yellow_hours = forms.FloatField(label="Yellow: a coach answers within (hours)", min_value=0.25)
    routine_hours = forms.FloatField(
        label="Routine: a coach answers within (hours)", min_value=0.25
    )
    messaging = forms.BooleanField(required=False, label="Messaging with the coach")
    form_feedback = forms.BooleanField(required=False, label="Form feedback on videos")
    live_calls_per_month = forms.IntegerField(min_value=0, max_value=validation.MAX_LIVE_CALLS)
    surcharge_moderate = forms.DecimalField(
        min_value=0, max_digits=10, decimal_places=2, label="Surcharge for moderate risk"
    )
    surcharge_high = forms.DecimalField(
        min_value=0, max_digits=10, decimal_places=2, label="Surcharge for high risk"
    )
    active = forms.BooleanField(required=False, initial=True, label="Offered to clients")
    price_applies_to = forms.ChoiceField(
        choices=APPLIES_TO_CHOICES,
        required=False,
        widget=forms.RadioSelect,
        label="If you change the price, who pays it?",
    )

    def __init__(
        self, *args, organization, instance: Tier | None = None, subscribers: int = 0, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.instance = instance
        self.subscribers = subscribers

    @property
    def asks_who_pays(self) -> bool:
        """The owner is asked only about a tier that has clients on it."""
        return self.instance is not None and self.subscribers > 0

    def price_changed(self) -> bool:
        return (
            self.instance is not None
            and self.cleaned_data.get("monthly_price") is not None
            and self.cleaned_data["monthly_price"] != self.instance.monthly_price
        )

    def clean(self):
        cleaned = super().clean()
        if self.asks_who_pays and self.price_changed() and not cleaned.get("price_applies_to"):
            self.add_error(
                "price_applies_to",
                f"The price changes and {self.subscribers} "
                f"{'client is' if self.subscribers == 1 else 'clients are'} on this tier: choose "
                "whether they pay the new price too.",
            )
        return cleaned

    @classmethod
    def initial_from_preset(cls, service_model: str) -> dict:
        data = PRESETS[service_model]
        return {
            "name": data["label"],
            "service_model": service_model,
            "description": "",
            "monthly_price": data["monthly_price"],
            "currency": "usd",
            "auto_green": data["review_policy"]["auto_apply"]["green"],
            "auto_yellow": data["review_policy"]["auto_apply"]["yellow"],
            "review_cadence": data["review_policy"]["review_cadence"],
            "yellow_hours": data["response_hours"]["yellow"],
            "routine_hours": data["response_hours"]["routine"],
            **data["features"],
            "surcharge_moderate": data["risk_surcharge"]["moderate"],
            "surcharge_high": data["risk_surcharge"]["high"],
            "active": True,
        }

    @classmethod
    def initial_from_tier(cls, tier: Tier) -> dict:
        auto = tier.review_policy.get("auto_apply", {})
        return {
            "name": tier.name,
            "service_model": tier.service_model,
            "description": tier.description,
            "monthly_price": tier.monthly_price,
            "currency": tier.currency,
            "auto_green": auto.get("green", []),
            "auto_yellow": auto.get("yellow", []),
            "review_cadence": tier.review_policy.get("review_cadence", "weekly"),
            "yellow_hours": tier.response_hours.get("yellow"),
            "routine_hours": tier.response_hours.get("routine"),
            **tier.features,
            "surcharge_moderate": tier.surcharge_moderate,
            "surcharge_high": tier.surcharge_high,
            "active": tier.active,
        }

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        taken = Tier.objects.filter(name__iexact=name)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError("Another tier already has this name.")
        return name

    def clean_currency(self):
        try:
            return validation.clean_currency(self.cleaned_data["currency"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean_yellow_hours(self):
        return self._hours("yellow_hours")

    def clean_routine_hours(self):
        return self._hours("routine_hours")

    def _hours(self, name):
        value = self.cleaned_data[name]
        if value > validation.MAX_RESPONSE_HOURS:
            raise forms.ValidationError(f"At most {validation.MAX_RESPONSE_HOURS} hours.")
        return value

    def save(self) -> Tier:
        data = self.cleaned_data
        review_policy = validation.clean_review_policy(
            {
                "auto_apply": {"green": data["auto_green"], "yellow": data["auto_yellow"]},
                "review_cadence": data["review_cadence"],
            }
        )
        tier = self.instance or Tier(organization=self.organization)
        tier.name = data["name"]
        tier.service_model = data["service_model"]
        tier.description = data["description"]
        if self.instance is None or not self.asks_who_pays:
            tier.monthly_price = data["monthly_price"]  # else billing.price_changes sets it
        tier.currency = data["currency"]
        tier.review_policy = review_policy
        tier.response_hours = {"yellow": data["yellow_hours"], "routine": data["routine_hours"]}
        tier.features = {
            "messaging": data["messaging"],
            "form_feedback": data["form_feedback"],
            "live_calls_per_month": data["live_calls_per_month"],
        }
        tier.surcharge_moderate = data["surcharge_moderate"]
        tier.surcharge_high = data["surcharge_high"]
        tier.active = data["active"]
        tier.save()
        return tier
