from __future__ import annotations

from datetime import date

import pytest

from rampart.cases import services as cases
from rampart.cases.models import Investigation
from rampart.referrals import services
from rampart.referrals.models import Referral
from tests.factories import MembershipFactory, UserFactory


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


NOTIFICATION_CODES = ("COMMISSIONER_NOTIFICATION", "MDSIPS_NOTIFICATION")


def practice_case(handler, practice, *, performer: bool = True):
    """A GP practice's screened case: a patient affected, a GP (on a Performers List if asked) as
    subject, so the engine finds the primary care notification duties."""
    case = cases.open_case(
        actor=handler, organisation=practice, summary="Dr Subject made sexual remarks to Pat Patient."
    )
    cases.triage(
        actor=handler,
        case=case,
        version=None,
        sexual_dimension="yes",
        screening_notes="Sexual remarks described by Pat Patient",
        immediate_actions="",
        priority="urgent",
        criminal_allegation=False,
    )
    cases.add_party(
        actor=handler,
        case=case,
        version=None,
        role="affected",
        person=cases.PersonDetails(kind="patient", name="Pat Patient"),
    )
    cases.add_party(
        actor=handler,
        case=case,
        version=None,
        role="subject",
        person=cases.PersonDetails(
            kind="staff",
            name="Dr Subject",
            profession="doctor",
            regulator="GMC",
            registration_number="7654321",
            on_performers_list=performer,
        ),
    )
    services.sync_referrals(actor=handler, case=case)
    return case


def send_notifications(case, handler, *, sent_on: date | None = None, asked: str = "consider_action"):
    """Mark every notification record on the case sent, as the handler would on its status page."""
    from django.utils import timezone

    sent = []
    for record in Referral.objects.filter(case=case, duty_code__in=NOTIFICATION_CODES):
        sent.append(
            services.change_status(
                actor=handler,
                referral=record,
                version=None,
                status="sent",
                sent_on=sent_on or timezone.localdate(),
                recipient_reference="",
                reason="",
                asked=asked,
            )
        )
    return sent


def delivered_notification(sender, recipient, *, duty: str = "COMMISSIONER_NOTIFICATION"):
    """A notification from `sender` in `recipient`'s queue, as `change_status` leaves it (for the
    authorisation matrix, which needs one without going through a whole case)."""
    from django.utils import timezone

    from rampart.referrals import rules
    from rampart.referrals.models import Notification
    from tests.factories import CaseFactory, ReferralFactory

    referral = ReferralFactory(case=CaseFactory(organisation=sender), duty_code=duty, sent=True)
    return Notification.objects.create(
        referral=referral,
        case=referral.case,
        duties=[duty],
        sender=sender,
        recipient=recipient,
        case_reference=referral.case.reference,
        sent_on=referral.sent_on,
        asked="for_information",
        delivered_at=timezone.now(),
        chase_on=rules.chase_on(timezone.localdate()),
    )


@pytest.fixture
def gita(orgs):
    """Gita handles cases at GP A, a practice under ICB A."""
    return MembershipFactory(
        user=UserFactory(email="gita@gp-a.nhs.uk"), organisation=orgs["gp_a"], role="case_handler"
    ).user


@pytest.fixture
def mo(orgs):
    """Mo handles cases in the region's professional standards (MDSIPS) team."""
    return MembershipFactory(
        user=UserFactory(email="mo@region.nhs.uk"), organisation=orgs["region"], role="case_handler"
    ).user


@pytest.fixture
def isla(orgs):
    """Isla is ICB A's lead: GP A's commissioner."""
    return MembershipFactory(
        user=UserFactory(email="isla@icb-a.nhs.uk"), organisation=orgs["icb_a"], role="icb_lead"
    ).user


@pytest.fixture
def ian(orgs):
    """Ian is ICB B's lead: another ICB, which must see nothing of GP A's notifications."""
    return MembershipFactory(
        user=UserFactory(email="ian@icb-b.nhs.uk"), organisation=orgs["icb_b"], role="icb_lead"
    ).user


@pytest.fixture
def performer_case(gita, orgs):
    """A practice's case about a performer, its notifications sent: one, to the region's queue."""
    case = practice_case(gita, orgs["gp_a"], performer=True)
    send_notifications(case, gita)
    return case
