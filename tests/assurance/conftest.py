"""Assurance personas: Trust A's board and administrator, ICB A's lead, a regional analyst and GP A's
case handler; Trust B's board member and ICB B's lead must see nothing of Trust A or ICB A."""

from __future__ import annotations

import pytest

from rampart.assurance import services
from tests.factories import MembershipFactory, UserFactory


def _member(email: str, org, role: str, first: str = "Test", last: str = "User"):
    return MembershipFactory(
        user=UserFactory(email=email, first_name=first, last_name=last), organisation=org, role=role
    ).user


@pytest.fixture
def board(orgs):
    return _member("dana.board@trust-a.nhs.uk", orgs["trust_a"], "board_member", "Dana", "Board")


@pytest.fixture
def admin(orgs):
    return _member("bob@trust-a.nhs.uk", orgs["trust_a"], "administrator", "Bob", "Admin")


@pytest.fixture
def icb_lead(orgs):
    return _member("ian@icb-a.nhs.uk", orgs["icb_a"], "icb_lead", "Ian", "Lead")


@pytest.fixture
def other_icb_lead(orgs):
    return _member("olga@icb-b.nhs.uk", orgs["icb_b"], "icb_lead")


@pytest.fixture
def analyst(orgs):
    return _member("nina@region.nhs.uk", orgs["region"], "analyst")


@pytest.fixture
def gp_staff(orgs):
    return _member("gita@gp-a.nhs.uk", orgs["gp_a"], "case_handler", "Gita", "Partner")


@pytest.fixture
def charlie_board(orgs):
    """Charlie sits on Trust B's board, under ICB B: must see nothing of Trust A."""
    return _member("charlie@trust-b.nhs.uk", orgs["trust_b"], "board_member", "Charlie", "Board")


@pytest.fixture
def assessment(orgs, admin):
    return services.start_assessment(
        actor=admin, organisation=orgs["trust_a"], framework_code="policy_audit", period="2025/26"
    )


def complete(assessment, actor, status="met"):
    for item in assessment.items.all():
        services.update_item(
            actor=actor,
            item=item,
            status=status,
            not_applicable_reason="",
            owner="Chief People Officer",
            evidence_notes="Board paper",
        )


# The people of the notification tests (a practice's handler, its ICB's lead), shared with referrals.
from tests.referrals.conftest import gita, isla  # noqa: E402, F401
