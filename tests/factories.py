"""factory-boy factories for every model, and the Alice / Bob / Charlie personas."""

from __future__ import annotations

import factory
from django.utils import timezone
from django_otp.oath import TOTP

from rampart.accounts.models import ApiToken, Authenticator, Membership, Role, User
from rampart.cases.models import Case
from rampart.core.models import Reminder
from rampart.organisations.models import Organisation, OrganisationKind
from rampart.reporting.models import Report

PASSWORD = "correct-horse-battery-staple"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("ods_code",)

    ods_code = factory.Sequence(lambda n: f"T{n:04d}")
    name = factory.Sequence(lambda n: f"Test Organisation {n}")
    kind = OrganisationKind.NHS_TRUST
    cqc_registered = True
    regulated_activity_provider = True


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.nhs.uk")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def with_authenticator(obj, create, extracted, **kwargs):
        obj.save()
        if extracted is not False:
            Authenticator.objects.create(user=obj, name="Authenticator app", confirmed=True)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.CASE_HANDLER


class ReminderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reminder

    recipient = factory.SubFactory(UserFactory)
    subject = "Review the interim measure"
    body = "The interim measure on case R-1 is due for review."
    due_at = factory.Faker("past_datetime", tzinfo=__import__("datetime").UTC)


class ApiTokenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApiToken

    user = factory.SubFactory(UserFactory)
    name = "script"
    prefix = "rmp_test"
    digest = factory.Sequence(lambda n: f"{n:064x}")


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    reference = factory.Sequence(lambda n: f"RPT-TEST-{n:04d}")
    organisation = factory.SubFactory(OrganisationFactory)
    anonymity = "anonymous"
    about = "staff"
    affected = "me"
    what_happened = "He made comments about my body on every night shift."
    still_happening = "yes"
    received_at = factory.LazyFunction(timezone.now)


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    reference = factory.Sequence(lambda n: f"CASE-T{n:05d}")
    organisation = factory.SubFactory(OrganisationFactory)
    summary = "Comments about a colleague's body on night shifts."
    opened_at = factory.LazyFunction(timezone.now)


def current_code(user: User) -> str:
    """The security code the user's authenticator app would show now."""
    device = Authenticator.objects.get(user=user, confirmed=True)
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"


def build_hierarchy() -> dict[str, Organisation]:
    """National → region → two ICBs → two trusts and a GP practice."""
    national = OrganisationFactory(ods_code="N01", name="NHS England", kind=OrganisationKind.NATIONAL)
    region = OrganisationFactory(
        ods_code="Y01", name="Region One", kind=OrganisationKind.REGION, parent=national
    )
    icb_a = OrganisationFactory(ods_code="QA1", name="ICB A", kind=OrganisationKind.ICB, parent=region)
    icb_b = OrganisationFactory(ods_code="QB1", name="ICB B", kind=OrganisationKind.ICB, parent=region)
    trust_a = OrganisationFactory(ods_code="RA1", name="Trust A", parent=icb_a)
    trust_b = OrganisationFactory(ods_code="RB1", name="Trust B", parent=icb_b)
    gp_a = OrganisationFactory(
        ods_code="GA0001", name="GP A", kind=OrganisationKind.PRIMARY_CARE, parent=icb_a
    )
    return {
        "national": national,
        "region": region,
        "icb_a": icb_a,
        "icb_b": icb_b,
        "trust_a": trust_a,
        "trust_b": trust_b,
        "gp_a": gp_a,
    }
