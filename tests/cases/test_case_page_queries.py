"""The case page asks the database a fixed number of times, however many people and records a case has,
and the policy's answers the page reuses are for the person who opened it only."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from rampart.cases import selectors, services
from rampart.cases.models import CaseTeamMember
from rampart.core import policy
from rampart.core.policy import Action
from tests.factories import MembershipFactory

# Measured on this page before the change: 76 queries with 2 parties and 76 with 6, as the policy re-ran
# the need-to-know query for each of eight checks and the parties were read five times; 41 after. The
# headroom is for the other apps' parts of the page (header links, the held-elsewhere panel).
CEILING = 45

ROLES = ["affected", "subject", "witness", "witness", "reporter", "witness"]


def _add_party(actor, case, role, n):
    """Someone involved, with a risk assessment and a support offer; the subject has a GMC number."""
    party = services.add_party(
        actor=actor,
        case=case,
        version=None,
        role=role,
        kind="staff",
        name=f"Person {n}",
        regulator="GMC" if role == "subject" else "",
        registration_number="7012345" if role == "subject" else "",
    )
    services.record_risk_assessment(
        actor=actor,
        case=case,
        version=None,
        party=party,
        risks=["patients"],
        details="Assessed",
        mitigations="",
        contact_police=False,
        review_on=date(2026, 12, 20),
    )
    services.record_support_offer(
        actor=actor,
        case=case,
        version=None,
        party=party,
        kind="ftsu",
        status="offered",
        offered_on=date(2026, 11, 20),
        follow_up_on=None,
        notes="",
    )


def _queries_for_page(client, case):
    client.get(f"/cases/{case.reference}/")  # the first visit opens the referral records
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/cases/{case.reference}/")
    assert response.status_code == 200
    return len(captured)


def test_the_case_page_asks_the_database_the_same_few_times_for_two_or_six_parties(
    case, alice, as_user, django_capture_on_commit_callbacks
):
    services.triage(
        actor=alice,
        case=case,
        version=None,
        sexual_dimension="yes",
        screening_notes="n",
        immediate_actions="",
        priority="urgent",
        criminal_allegation=False,
    )
    handler = as_user(alice)
    with django_capture_on_commit_callbacks(execute=True):  # the subject is linked for held-elsewhere
        for n, role in enumerate(ROLES[:2]):
            _add_party(alice, case, role, n)
    with_two = _queries_for_page(handler, case)
    with django_capture_on_commit_callbacks(execute=True):
        for n, role in enumerate(ROLES[2:], start=2):
            _add_party(alice, case, role, n)
    for starts_on in (date(2026, 1, 1), date(2026, 3, 1)):
        services.add_interim_measure(
            actor=alice,
            case=case,
            version=None,
            kind="supervision",
            reason="Pending",
            starts_on=starts_on,
            review_on=date(2026, 4, 1),
        )
    with_six = _queries_for_page(handler, case)

    assert with_two <= CEILING
    assert with_six == with_two


def test_the_answers_a_page_reuses_are_only_for_the_person_who_opened_it(case, alice, charlie, orgs):
    colleague = MembershipFactory(organisation=orgs["trust_a"], role="case_handler").user
    page_case = selectors.case_for_page(alice, case.reference)

    assert policy.allowed(alice, Action.EDIT_CASE, page_case)
    assert not policy.allowed(colleague, Action.VIEW_CASE, page_case)
    assert not policy.allowed(charlie, Action.VIEW_CASE, page_case)


def test_a_case_fetched_for_a_change_is_checked_against_fresh_rows(case, alice, orgs):
    colleague = MembershipFactory(organisation=orgs["trust_a"], role="case_handler").user
    fetched = selectors.case_for(alice, case.reference)
    services.add_team_member(actor=alice, case=case, version=None, user=colleague)
    CaseTeamMember.objects.filter(case=case, user=alice).delete()

    assert not policy.allowed(alice, Action.EDIT_CASE, fetched)
    assert policy.allowed(colleague, Action.EDIT_CASE, fetched)
