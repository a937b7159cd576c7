"""`POST /api/v1/onboarding-checks`: the page's checks and messages, a personal token of a case
handler or administrator at the recruiting organisation, categories and contacts only."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from rampart.accounts.services import create_api_token
from rampart.core.models import AuditEntry
from rampart.sharing import services
from rampart.sharing.models import OnboardingCheck
from tests.api import post_json
from tests.sharing.conftest import held_case, professional

pytestmark = pytest.mark.django_db
URL = "/api/v1/onboarding-checks"
BODY = {
    "organisation": "RB1",
    "identifier_kind": "registration",
    "regulator": "NMC",
    "registration_number": "12a 3456e",
    "candidate_name": "Sam Subject",
    "role": "Staff nurse",
    "purpose": "recruitment",
    "purpose_details": "Staff nurse, ward 7, vacancy 123",
}


@pytest.fixture
def token(charlie):
    """Charlie handles cases at Trust B, the recruiting organisation."""
    return create_api_token(charlie, "recruitment system")[1]


def post(payload, token=None):
    return post_json(URL, payload, token)


def test_a_check_names_the_holders_their_categories_and_contact_and_nothing_else(
    token, orgs, bob, prof, charlie
):
    held_case(orgs["trust_a"], prof)
    services.set_contact(
        actor=bob, organisation=orgs["trust_a"], name="Rowan", role="Safeguarding lead", email="r@a.nhs.uk"
    )
    response = post(BODY, token)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["held_elsewhere"] == [
        {
            "organisation": "RA1",
            "name": "Trust A",
            "categories": ["An ongoing investigation"],
            "contact": {"name": "Rowan", "role": "Safeguarding lead", "email": "r@a.nhs.uk", "phone": ""},
        }
    ]
    check = OnboardingCheck.objects.get()
    assert body["id"] == check.pk
    assert body["page"].endswith(f"/sharing/checks/{check.pk}/")
    assert check.checked_by == charlie
    assert "touched" not in response.content.decode()
    assert "Sam Subject" not in response.content.decode()
    entry = AuditEntry.objects.get(action="sharing.onboarding_check")
    assert entry.actor == charlie


def test_a_holder_without_a_sharing_contact_is_still_named(token, orgs, prof):
    held_case(orgs["trust_a"], prof)
    (holder,) = post(BODY, token).json()["held_elsewhere"]
    assert (holder["organisation"], holder["contact"]) == ("RA1", None)


def test_by_esr_number(token, orgs):
    held_case(
        orgs["trust_a"], professional(number="99Z9999Z", esr="12345678"), completed=True, substantiated=True
    )
    body = {**BODY, "identifier_kind": "esr", "esr_number": "12345678", "registration_number": None}
    (holder,) = post(body, token).json()["held_elsewhere"]
    assert holder["categories"] == ["A finding: a concern investigated and upheld"]


def test_nobody_holds_anything_about_an_unknown_number(token, orgs, prof):
    held_case(orgs["trust_a"], prof)
    response = post({**BODY, "registration_number": "99A9999A"}, token)
    assert response.status_code == 201
    assert response.json()["held_elsewhere"] == []


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"organisation": "ZZ9"}, "organisation", "No organisation has this ODS code"),
        ({"identifier_kind": None}, "identifier_kind", "Select how you will identify the candidate"),
        ({"regulator": None}, "regulator", "Select the professional regulator"),
        ({"registration_number": "1234"}, "registration_number", "NMC registration numbers are"),
        ({"purpose": None}, "purpose", "Select why you are checking: no purpose, no search"),
        ({"purpose_details": None}, "purpose_details", "Enter"),
        ({"candidate_name": None}, "candidate_name", "Enter"),
    ],
)
def test_bad_input_gets_the_pages_message_and_no_search_is_made(token, changes, field, message):
    response = post({**BODY, **changes}, token)
    assert response.status_code == 422
    assert message in response.json()["errors"][field]
    assert not OnboardingCheck.objects.exists()
    assert not AuditEntry.objects.filter(action="sharing.onboarding_check").exists()


def test_an_unknown_purpose_is_refused_by_the_schema(token):
    response = post({**BODY, "purpose": "curiosity"}, token)
    assert response.status_code == 422
    assert "purpose" in response.json()["errors"]
    assert not OnboardingCheck.objects.exists()


def test_the_twenty_first_check_in_a_day_is_429_with_the_pages_message(token):
    with time_machine.travel(timezone.now().replace(hour=9), tick=False):
        for _ in range(services.CHECKS_PER_DAY):
            assert post(BODY, token).status_code == 201
        with time_machine.travel(timezone.now() + timedelta(hours=1), tick=False):
            response = post(BODY, token)
    assert response.status_code == 429
    assert "20 onboarding checks today" in response.json()["detail"]
    assert OnboardingCheck.objects.count() == services.CHECKS_PER_DAY


def test_no_token_is_401():
    assert post(BODY).status_code == 401


@pytest.mark.parametrize("persona", ["alice", "priya_at_b"])
def test_only_case_handlers_or_administrators_of_the_organisation_may_check(request, persona, orgs):
    """Alice handles cases at Trust A, not Trust B; a privacy officer at Trust B may not check."""
    if persona == "priya_at_b":
        from tests.factories import MembershipFactory, UserFactory

        user = MembershipFactory(
            user=UserFactory(email="po@trust-b.nhs.uk"), organisation=orgs["trust_b"], role="privacy_officer"
        ).user
    else:
        user = request.getfixturevalue(persona)
    response = post(BODY, create_api_token(user, "x")[1])
    assert response.status_code == 403
    assert not OnboardingCheck.objects.exists()


def test_malformed_json_is_400(token):
    assert post("{not json", token).status_code == 400
