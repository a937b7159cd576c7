from __future__ import annotations

from datetime import date

import pytest

from rampart.cases import services as cases
from rampart.cases.models import Investigation
from rampart.referrals import services
from rampart.referrals.models import Referral


@pytest.fixture
def case(alice, orgs):
    """A case at Trust A handled by Alice: no duties found yet (not screened)."""
    return cases.open_case(
        actor=alice, organisation=orgs["trust_a"], summary="Comments and touching on nights."
    )


def screen(case, alice, *, criminal: bool = False) -> None:
    """Triage: a possible sexual dimension (and a criminal allegation if asked)."""
    cases.triage(
        actor=alice,
        case=case,
        version=None,
        sexual_dimension="yes",
        screening_notes="Touching described",
        immediate_actions="",
        priority="urgent",
        criminal_allegation=criminal,
    )


def add_parties(case, alice) -> None:
    cases.add_party(
        actor=alice,
        case=case,
        version=None,
        role="affected",
        person=cases.PersonDetails(kind="patient", name="Pat Patient"),
    )
    cases.add_party(
        actor=alice,
        case=case,
        version=None,
        role="subject",
        person=cases.PersonDetails(
            kind="staff",
            name="Nurse Subject",
            profession="nurse",
            regulator="NMC",
            registration_number="12A3456E",
        ),
    )


def conclude(case, alice) -> None:
    """Findings substantiated and the nurse dismissed, removed from regulated activity."""
    Investigation.objects.create(
        case=case,
        terms_of_reference="ToR",
        findings="The nurse touched the patient without consent.",
        substantiated=True,
        started_on=date(2026, 1, 5),
        completed_on=date(2026, 2, 1),
    )
    from django.utils import timezone

    from rampart.cases.models import Outcome

    Outcome.objects.create(
        case=case,
        kind="dismissal",
        removed_from_regulated_activity=True,
        recorded_by=alice,
        recorded_at=timezone.now(),
    )
    # Written past the case's services, so the records are brought into step as `rampart
    # sync-referrals` would (every case write does it itself).
    services.sync_referrals(actor=alice, case=case)


@pytest.fixture
def screened(case, alice):
    """A screened case with a patient affected and a registered nurse as subject."""
    screen(case, alice)
    add_parties(case, alice)
    return case


@pytest.fixture
def concluded(screened, alice):
    conclude(screened, alice)
    return screened


def record(case, alice, code: str) -> Referral:
    services.sync_referrals(actor=alice, case=case)
    return Referral.objects.get(case=case, duty_code=code)
