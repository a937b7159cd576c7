"""Every page that shows sensitive records writes one READ entry per view: against the organisation
whose records they are, naming the record (or the list, with its page or filter), never its content.

Personas: Alice handles cases at Trust A, Bob administers it, Hana is a second case handler there,
Priya its privacy officer; Charlie handles cases at Trust B."""

from __future__ import annotations

import pytest

from rampart.core.models import AuditEntry
from rampart.sharing import services as sharing
from tests.factories import MembershipFactory, ReportFactory, UserFactory
from tests.sharing.conftest import CHECK, disclosure, held_case, professional

pytestmark = pytest.mark.django_db


@pytest.fixture
def priya(orgs):
    return MembershipFactory(
        user=UserFactory(email="priya@trust-a.nhs.uk"), organisation=orgs["trust_a"], role="privacy_officer"
    ).user


def _reads(user, **detail):
    lookups = {f"detail__{key}": value for key, value in detail.items()}
    return list(AuditEntry.objects.filter(action="read", actor=user, **lookups).order_by("id"))


def _one_read(user, what, **detail):
    (entry,) = _reads(user, what=what, **detail)
    return entry


# --- lists and queues --------------------------------------------------------------------------


def test_the_investigations_register_is_audited_with_its_filter_but_not_the_search(orgs, bob, as_user):
    held_case(orgs["trust_a"], professional(), staff_number="S100")
    response = as_user(bob).get("/sharing/register/?status=ongoing&q=S100")

    assert response.status_code == 200
    entry = _one_read(bob, "investigations register")
    assert entry.organisation == orgs["trust_a"]
    assert entry.detail == {
        "what": "investigations register",
        "status": "ongoing",
        "searched": True,
        "rows": 1,
    }
    assert "S100" not in str(entry.detail)


def test_the_sharing_queues_are_audited(orgs, alice, as_user):
    assert as_user(alice).get("/sharing/").status_code == 200

    assert _one_read(alice, "sharing queues").organisation == orgs["trust_a"]


def test_the_report_triage_queue_is_audited_with_its_status_and_page(orgs, alice, as_user):
    ReportFactory(organisation=orgs["trust_a"])
    assert as_user(alice).get("/triage/?status=received&page=1").status_code == 200

    entry = _one_read(alice, "report triage queue")
    assert entry.organisation == orgs["trust_a"]
    assert (entry.object_type, entry.object_id) == ("organisations.organisation", str(orgs["trust_a"].pk))
    assert entry.detail == {"what": "report triage queue", "status": "received", "page": 1}


def test_the_case_list_is_audited_with_its_queue_and_page(orgs, alice, as_user):
    assert as_user(alice).get("/cases/?queue=review_group&q=S100").status_code == 200

    entry = _one_read(alice, "case list")
    assert entry.organisation == orgs["trust_a"]
    assert entry.detail == {
        "what": "case list",
        "queue": "review_group",
        "state": "",
        "searched": True,
        "page": 1,
    }
    assert "S100" not in str(entry.detail)


def test_the_review_group_page_is_audited(orgs, bob, as_user):
    assert as_user(bob).get("/cases/review-group/").status_code == 200

    assert _one_read(bob, "review group members and agendas").organisation == orgs["trust_a"]


def test_the_outstanding_referrals_queue_is_audited(orgs, alice, as_user):
    assert as_user(alice).get("/referrals/").status_code == 200

    entry = _one_read(alice, "outstanding referrals")
    assert entry.organisation == orgs["trust_a"]
    assert entry.detail["rows"] == 0


def test_the_overdue_filter_of_the_referrals_queue_is_audited_as_such(orgs, alice, as_user):
    assert as_user(alice).get("/referrals/?show=overdue").status_code == 200

    assert _one_read(alice, "overdue referrals").organisation == orgs["trust_a"]


def test_the_access_alert_queue_is_audited_with_its_filter_and_page(orgs, priya, as_user):
    assert as_user(priya).get("/access-alerts/?status=new&rule=BULK").status_code == 200

    entry = _one_read(priya, "access alert queue")
    assert entry.organisation == orgs["trust_a"]
    assert entry.detail == {"what": "access alert queue", "status": "new", "rule": "BULK", "page": 1}


# --- onboarding checks and the holder's side of a disclosure ----------------------------------------


def test_an_onboarding_check_result_is_audited_against_the_recruiter(orgs, charlie, as_user):
    held_case(orgs["trust_a"], professional())
    check = sharing.run_onboarding_check(actor=charlie, organisation=orgs["trust_b"], **CHECK)

    assert as_user(charlie).get(f"/sharing/checks/{check.pk}/").status_code == 200

    entry = _one_read(charlie, "onboarding check result")
    assert entry.organisation == orgs["trust_b"]
    assert (entry.object_type, entry.object_id) == ("sharing.onboardingcheck", str(check.pk))


def test_the_holder_reading_a_disclosure_request_is_audited_against_the_holder(orgs, alice, as_user):
    asked = disclosure(holder=orgs["trust_a"], requester=orgs["trust_b"])

    assert as_user(alice).get(f"/sharing/disclosures/{asked.reference}/").status_code == 200

    entry = _one_read(alice, "page", side="holder")
    assert entry.organisation == orgs["trust_a"]
    assert (entry.object_type, entry.object_id) == ("sharing.disclosure", str(asked.pk))


def test_the_holder_preparing_a_disclosure_is_audited(orgs, alice, as_user):
    asked = disclosure(holder=orgs["trust_a"], requester=orgs["trust_b"])

    assert as_user(alice).get(f"/sharing/disclosures/{asked.reference}/prepare/").status_code == 200

    assert _one_read(alice, "prepare", side="holder").organisation == orgs["trust_a"]


def test_the_holder_downloading_a_released_letter_is_audited(orgs, alice, as_user):
    released = disclosure(holder=orgs["trust_a"], requester=orgs["trust_b"], status="released")

    response = as_user(alice).get(f"/sharing/disclosures/{released.reference}/letter.pdf")

    assert response.content.startswith(b"%PDF")
    entry = _one_read(alice, "letter", side="holder")
    assert entry.organisation == orgs["trust_a"]
    assert entry.object_id == str(released.pk)


def test_the_requesters_read_stays_against_the_requester(orgs, charlie, as_user):
    released = disclosure(holder=orgs["trust_a"], requester=orgs["trust_b"], status="released")

    assert as_user(charlie).get(f"/sharing/disclosures/{released.reference}/").status_code == 200

    (entry,) = _reads(charlie, what="page")
    assert entry.organisation == orgs["trust_b"]
    assert "side" not in entry.detail


def test_someone_on_neither_side_gets_no_read_entry(orgs, as_user):
    asked = disclosure(holder=orgs["trust_a"], requester=orgs["trust_b"])
    erin = MembershipFactory(organisation=orgs["trust_b"], role="clinician").user

    assert as_user(erin).get(f"/sharing/disclosures/{asked.reference}/").status_code == 404
    assert _reads(erin) == []


# --- patterns ----------------------------------------------------------------------------------


def test_the_possible_match_page_is_audited(orgs, alice, as_user, django_capture_on_commit_callbacks):
    from rampart.cases import services as cases
    from rampart.patterns.models import MatchCandidate

    def subject(summary, name):
        case = cases.open_case(actor=alice, organisation=orgs["trust_a"], summary=summary)
        with django_capture_on_commit_callbacks(execute=True):
            return cases.add_party(
                actor=alice,
                case=case,
                version=None,
                role="subject",
                person=cases.PersonDetails(kind="staff", name=name, date_of_birth="1980-04-02"),
            )

    subject("Comments on nights.", "Jonathan Smith")
    second = subject("Another", "Jonathon Smyth")
    candidate = MatchCandidate.objects.get(person=second.person)

    assert as_user(alice).get(f"/patterns/matches/{candidate.pk}/").status_code == 200

    entry = _one_read(alice, "possible match")
    assert entry.organisation == orgs["trust_a"]
    assert (entry.object_type, entry.object_id) == ("patterns.matchcandidate", str(candidate.pk))
