import factory
from django.contrib.auth import get_user_model

from coaching.models import Client, Invitation, Membership, Organization, Role

PASSWORD = "a-Strong-pass-123"


class Factory(factory.django.DjangoModelFactory):
    """Creates through the default (unscoped) manager: test setup is not a request."""

    class Meta:
        abstract = True

    @classmethod
    def _get_manager(cls, model_class):
        return model_class._default_manager


class OrganizationFactory(Factory):
    class Meta:
        model = Organization
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Coaching Co {n}")
    slug = factory.Sequence(lambda n: f"coaching-co-{n}")
    time_zone = "Europe/London"


class UserFactory(Factory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create and results:
            instance.save(update_fields=["password"])


class MembershipFactory(Factory):
    class Meta:
        model = Membership

    organization = factory.SubFactory(OrganizationFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.COACH


class ClientFactory(Factory):
    """A client with the membership that goes with it."""

    class Meta:
        model = Client
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    user = factory.SubFactory(UserFactory)
    coach = None

    @factory.post_generation
    def membership(self, create, extracted, **kwargs):
        if create:
            Membership.unscoped.get_or_create(
                organization=self.organization, user=self.user, defaults={"role": Role.CLIENT}
            )


class InvitationFactory(Factory):
    class Meta:
        model = Invitation

    organization = factory.SubFactory(OrganizationFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.test")
    role = Role.CLIENT


class TierFactory(Factory):
    class Meta:
        model = "billing.Tier"

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Tier {n}")
    service_model = "assisted_hybrid"
    monthly_price = 79
    currency = "usd"
    review_policy = factory.LazyAttribute(
        lambda o: __import__("billing.presets", fromlist=["PRESETS"]).PRESETS[o.service_model][
            "review_policy"
        ]
    )
    response_hours = factory.LazyAttribute(
        lambda o: __import__("billing.presets", fromlist=["PRESETS"]).PRESETS[o.service_model][
            "response_hours"
        ]
    )
    features = {"messaging": True, "form_feedback": True, "live_calls_per_month": 0}
    surcharge_moderate = 15
    surcharge_high = 35


class SubscriptionFactory(Factory):
    class Meta:
        model = "billing.Subscription"

    client = factory.SubFactory(ClientFactory)
    organization = factory.SelfAttribute("client.organization")
    tier = factory.SubFactory(TierFactory, organization=factory.SelfAttribute("..organization"))
    price_charged = 79
