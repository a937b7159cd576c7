from __future__ import annotations

from datetime import date

import pytest

from rampart.cases import services as cases
from rampart.patterns import services


@pytest.fixture
def case_a(alice, orgs):
    return cases.open_case(actor=alice, organisation=orgs["trust_a"], summary="Comments on nights.")


@pytest.fixture
def case_b(charlie, orgs):
    return cases.open_case(actor=charlie, organisation=orgs["trust_b"], summary="Touching during a handover.")


@pytest.fixture
def add_subject(django_capture_on_commit_callbacks):
    """Add a subject of concern to a case as the case pages do, running the after-commit hooks."""

    def add(actor, case, **person):
        with django_capture_on_commit_callbacks(execute=True):
            return cases.add_party(
                actor=actor,
                case=case,
                version=None,
                role="subject",
                person=cases.PersonDetails(kind="staff", **person),
            )

    return add


@pytest.fixture
def signal_about():
    def record(actor, organisation, **who):
        answers = {
            "kinds": ["comments"],
            "description": "Joked about a patient's body in the staff room.",
            "observed_on": date.today(),
            **who,
        }
        return services.record_weak_signal(actor=actor, organisation=organisation, answers=answers)

    return record
