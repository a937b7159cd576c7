"""Managing an organisation's members is checked in the service (MANAGE_MEMBERS), whoever calls it.
Bob administers Trust A; Alice handles cases there; Tom administers Trust B and must change nothing of
Trust A's. Each refused write raises PermissionDenied and leaves nothing behind: no account, no
membership, no e-mail, no session ended."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from rampart.accounts import services
from rampart.accounts.models import Membership, User
from rampart.core.models import AuditAction, AuditEntry
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tom(orgs):
    """Tom administers Trust B."""
    return MembershipFactory(
        user=UserFactory(email="tom@trust-b.nhs.uk"), organisation=orgs["trust_b"], role="administrator"
    ).user


def _invite(user: User) -> str:
    return f"https://rampart.example/set-password/{user.pk}/"


def _writes_by(actor) -> int:
    return AuditEntry.objects.filter(actor=actor).exclude(action=AuditAction.PERMISSION_DENIED).count()


@pytest.mark.parametrize("who", ["alice", "tom"])
def test_only_the_organisations_administrators_add_a_member(
    request, who, orgs, django_capture_on_commit_callbacks
):
    actor = request.getfixturevalue(who)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PermissionDenied):
        services.add_member(
            actor=actor,
            organisation=orgs["trust_a"],
            email="Newcomer@Trust-A.nhs.uk",
            first_name="Nia",
            last_name="Newcomer",
            role="administrator",
            invite_url=_invite,
        )

    assert not User.objects.filter(email="newcomer@trust-a.nhs.uk").exists()
    assert (
        not Membership.objects.filter(organisation=orgs["trust_a"], role="administrator")
        .exclude(user__email="bob@trust-a.nhs.uk")
        .exists()
    )
    assert mail.outbox == []
    assert _writes_by(actor) == 0


def test_an_administrator_adds_a_member(bob, orgs):
    membership = services.add_member(
        actor=bob,
        organisation=orgs["trust_a"],
        email="nia@trust-a.nhs.uk",
        first_name="Nia",
        last_name="Newcomer",
        role="case_handler",
        invite_url=_invite,
    )

    assert (membership.user.email, membership.organisation, membership.role) == (
        "nia@trust-a.nhs.uk",
        orgs["trust_a"],
        "case_handler",
    )


@pytest.mark.parametrize("who", ["alice", "tom"])
def test_only_the_organisations_administrators_remove_a_member(request, who, orgs, bob):
    actor = request.getfixturevalue(who)
    bobs_role = Membership.objects.get(user=bob, organisation=orgs["trust_a"])

    with pytest.raises(PermissionDenied):
        services.remove_member(actor=actor, membership=bobs_role)

    assert Membership.objects.filter(pk=bobs_role.pk).exists()
    assert _writes_by(actor) == 0


@pytest.mark.parametrize("who", ["alice", "tom"])
def test_only_the_organisations_administrators_end_a_members_sessions(request, who, orgs, bob):
    actor = request.getfixturevalue(who)
    epoch = bob.session_epoch

    with pytest.raises(PermissionDenied):
        services.end_sessions(actor=actor, user=bob, organisation=orgs["trust_a"])

    bob.refresh_from_db()
    assert bob.session_epoch == epoch
    assert _writes_by(actor) == 0


def test_an_administrator_cannot_end_the_sessions_of_someone_not_their_member(bob, tom, orgs):
    epoch = tom.session_epoch

    with pytest.raises(PermissionDenied):
        services.end_sessions(actor=bob, user=tom, organisation=orgs["trust_a"])

    tom.refresh_from_db()
    assert tom.session_epoch == epoch
    assert _writes_by(bob) == 0


def test_an_administrator_ends_a_members_sessions(bob, alice, orgs):
    epoch = alice.session_epoch

    services.end_sessions(actor=bob, user=alice, organisation=orgs["trust_a"])

    alice.refresh_from_db()
    assert alice.session_epoch == epoch + 1
