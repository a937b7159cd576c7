"""Chaperoning personas: Cara, a clinician at Trust A with current chaperone training, and Dan, a
clinician at Trust B. Alice (case handler) and Bob (administrator) are at Trust A; Charlie handles
cases at Trust B and must see nothing of Trust A."""

from __future__ import annotations

from datetime import date

import pytest

from rampart.learning.models import Course, TrainingRecord
from tests.factories import MembershipFactory, UserFactory


@pytest.fixture
def cara(orgs):
    user = MembershipFactory(
        user=UserFactory(email="cara@trust-a.nhs.uk", first_name="Cara", last_name="Clinician"),
        organisation=orgs["trust_a"],
        role="clinician",
    ).user
    TrainingRecord.objects.create(
        organisation=orgs["trust_a"],
        user=user,
        person_name="Cara Clinician",
        course=Course.CHAPERONE,
        completed_on=date(2020, 1, 1),
    )
    return user


@pytest.fixture
def dan(orgs):
    return MembershipFactory(
        user=UserFactory(email="dan@trust-b.nhs.uk", first_name="Dan", last_name="Doctor"),
        organisation=orgs["trust_b"],
        role="clinician",
    ).user


@pytest.fixture
def trained_bank_chaperone(orgs):
    """Jo Smith, bank staff without a Rampart account, with current chaperone training."""
    return TrainingRecord.objects.create(
        organisation=orgs["trust_a"],
        person_name="Jo Smith",
        staff_number="B1234",
        course=Course.CHAPERONE,
        completed_on=date(2020, 1, 1),
    )
