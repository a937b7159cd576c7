"""Helpers: a case at a trust about a professional (subject party linked to a Professional), with an
investigation; created directly, without waiting for the patterns app's linking."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from tests.factories import CaseFactory, MembershipFactory, UserFactory


def professional(regulator="NMC", number="12A3456E", esr=""):
    from rampart.cases.identifiers import registration_key
    from rampart.patterns.models import Professional

    found = Professional.objects.filter(registration_key=registration_key(regulator, number)).first()
    return found or Professional.objects.create(
        regulator=regulator, registration_number=number, created_at=timezone.now(), esr_number=esr
    )


def held_case(
    org,
    prof,
    *,
    findings="He touched a patient without consent.",
    completed=False,
    substantiated=None,
    finding="",
    name="Sam Subject",
    staff_number="S100",
):
    from rampart.cases.models import Investigation, Party, Person
    from rampart.patterns.models import PersonLink

    # The investigation is written below; the case has no named handler (its trust's handlers are its team).
    case = CaseFactory(organisation=org, state="under_investigation", handler=False, history=False)
    person = Person.objects.create(
        organisation=org,
        kind="staff",
        name=name,
        regulator=prof.regulator,
        registration_number=prof.registration_number,
        esr_number=prof.esr_number,
        staff_number=staff_number,
    )
    Party.objects.create(case=case, person=person, role="subject")
    PersonLink.objects.create(
        person=person, professional=prof, method="registration", linked_at=timezone.now()
    )
    Investigation.objects.create(
        case=case,
        terms_of_reference="Whether he touched a patient",
        findings=findings,
        started_on=date(2025, 2, 1),
        completed_on=date(2025, 5, 1) if completed else None,
        substantiated=substantiated,
        finding=finding,
    )
    return case


@pytest.fixture
def prof(db):
    return professional()


@pytest.fixture
def held(orgs, prof):
    """Trust A holds an ongoing investigation about the professional."""
    return held_case(orgs["trust_a"], prof)


@pytest.fixture
def hana(orgs):
    """A second case handler at Trust A, to approve what Alice prepares."""
    return MembershipFactory(
        user=UserFactory(email="hana@trust-a.nhs.uk"), organisation=orgs["trust_a"], role="case_handler"
    ).user


CHECK = {
    "candidate_name": "Sam Subject",
    "role": "Staff nurse",
    "purpose": "recruitment",
    "purpose_details": "Staff nurse, ward 7, vacancy 123",
    "regulator": "NMC",
    "registration_number": "12a 3456e",
}


def disclosure(*, holder, requester, status="requested"):
    """A disclosure row made directly (for the authorisation matrix)."""
    from rampart.sharing.models import Disclosure

    return Disclosure.objects.create(
        reference=f"DSC-T-{Disclosure.objects.count() + 1:05d}",
        professional=professional(),
        requester=requester,
        holder=holder,
        purpose="recruitment",
        purpose_details="Staff nurse",
        basis_requested="public_task",
        requested_by=MembershipFactory(organisation=requester, role="case_handler").user,
        requested_at=timezone.now(),
        status=status,
    )
