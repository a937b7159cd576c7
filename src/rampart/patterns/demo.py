"""Demo: a doctor with a case at Riverside (R1A) and a weak signal at Hillside (R1B), so each trust's
case handlers see a pattern alert (loaded by `rampart demo-data`; safe to run twice)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from rampart.cases import services as cases
from rampart.cases.identifiers import registration_key
from rampart.cases.models import Person
from rampart.patterns import services

GMC_NUMBER = "7012345"


def load(*, orgs: dict[str, Any], users: dict[str, Any]) -> None:
    if Person.objects.filter(registration_key=registration_key("GMC", GMC_NUMBER)).exists():
        return
    alice = users["alice.handler@riverside.example"]
    charlie = users["charlie.handler@hillside.example"]
    case = cases.open_case(
        actor=alice,
        organisation=orgs["R1A"],
        summary="A junior doctor says a consultant made repeated sexual remarks on ward rounds.",
    )
    party = cases.add_party(
        actor=alice,
        case=case,
        version=None,
        role="subject",
        person=cases.PersonDetails(
            kind="staff",
            name="Dr Marcus Hale",
            profession="doctor",
            regulator="GMC",
            registration_number=GMC_NUMBER,
            date_of_birth="1974-06-18",
        ),
    )
    services.link_person(party.person)
    services.record_weak_signal(
        actor=charlie,
        organisation=orgs["R1B"],
        answers={
            "name": "Marcus Hale",
            "role": "Locum consultant",
            "regulator": "GMC",
            "registration_number": GMC_NUMBER,
            "kinds": ["boundaries", "chaperone_refused"],
            "description": "Told a nurse a chaperone was not needed for an intimate examination and "
            "asked a patient for her personal number.",
            "observed_on": timezone.localdate() - timedelta(days=12),
        },
    )
