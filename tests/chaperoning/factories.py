"""Chaperone records for tests: complete answers, and a record made straight in the database."""

from __future__ import annotations

import factory
from django.utils import timezone

from rampart.chaperoning.models import ChaperoneRecord
from tests.factories import OrganisationFactory, UserFactory


def answers(**changes):
    """A complete, gap-free record as the examining clinician, with a named chaperone."""
    return {
        "recorder_role": "examiner",
        "examiner_name": "",
        "patient_ref": "PX-40213",
        "setting": "outpatient",
        "department": "Gynaecology outpatients",
        "procedure": "Pelvic examination",
        "intimacy": "intimate",
        "purpose_explained": True,
        "purpose": "Investigating pelvic pain.",
        "consent": "verbal",
        "capacity": "has_capacity",
        "capacity_notes": "",
        "offer": "accepted",
        "chaperone_name": "Jo Smith",
        "chaperone_staff_number": "",
        "chaperone_role": "Healthcare assistant",
        "observed_throughout": True,
        "informal_companion": False,
        "deferred": False,
        "deferral_reason": "",
        **changes,
    }


class ChaperoneRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChaperoneRecord

    reference = factory.Sequence(lambda n: f"CHR-TEST-{n:04d}")
    organisation = factory.SubFactory(OrganisationFactory)
    recorded_by = factory.SubFactory(UserFactory)
    recorder_role = "examiner"
    recorded_at = factory.LazyFunction(timezone.now)
    examined_at = factory.LazyFunction(timezone.now)
    examiner_name = "Dr Test"
    patient_ref = "PX-1"
    setting = "outpatient"
    department = "Gynaecology outpatients"
    procedure = "Pelvic examination"
    intimacy = "intimate"
    purpose_explained = True
    purpose = "Pelvic pain"
    consent = "verbal"
    capacity = "has_capacity"
    offer = "accepted"
    chaperone_name = "Jo Smith"
    chaperone_role = "Healthcare assistant"
    chaperone_trained = True
    observed_throughout = True
    informal_companion = False
    deferred = False
