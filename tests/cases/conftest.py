import pytest

from rampart.cases import services
from rampart.cases.models import ReviewGroupMember
from tests.factories import MembershipFactory, UserFactory


@pytest.fixture
def case(alice, orgs):
    """A case at Trust A handled by Alice."""
    return services.open_case(
        actor=alice, organisation=orgs["trust_a"], summary="Comments and touching on nights."
    )


@pytest.fixture
def reviewer(orgs):
    user = MembershipFactory(
        user=UserFactory(email="rita@trust-a.nhs.uk"),
        organisation=orgs["trust_a"],
        role="review_group_member",
    ).user
    ReviewGroupMember.objects.create(organisation=orgs["trust_a"], user=user, role_in_group="DASV lead")
    return user


@pytest.fixture
def investigator(orgs, bob):
    from datetime import date

    from rampart.learning import services as learning

    user = MembershipFactory(
        user=UserFactory(email="ivy@trust-a.nhs.uk", first_name="Ivy"),
        organisation=orgs["trust_a"],
        role="investigator",
    ).user
    learning.record_training(
        actor=bob,
        organisation=orgs["trust_a"],
        user=user,
        person_name="Ivy",
        course="specialist_investigation",
        completed_on=date(2025, 1, 1),
        expires_on=date(2030, 1, 1),
    )
    return user
