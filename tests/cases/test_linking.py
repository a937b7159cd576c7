"""Linking a person on a case to their staff account: they never see the case, its report, or weak
signals and pattern alerts about them, whatever roles they hold (issue 14, item 8)."""

from datetime import date

import pytest

from rampart.cases import linking, services
from rampart.cases.models import CaseTeamMember, TimelineEntry
from rampart.cases.permissions import CaseAction
from rampart.core import policy
from rampart.core.models import AuditEntry
from rampart.reporting.permissions import ReportingAction
from tests.factories import MembershipFactory, ReportFactory, UserFactory

GMC = {"regulator": "GMC", "registration_number": "7012345"}


@pytest.fixture
def dr_b(orgs, bob):
    """Dr B handles cases at Trust A too; the training records know their staff number."""
    from rampart.learning import services as learning

    user = MembershipFactory(
        user=UserFactory(email="dr.b@trust-a.nhs.uk", first_name="Brian", last_name="Bell"),
        organisation=orgs["trust_a"],
        role="case_handler",
    ).user
    learning.record_training(
        actor=bob,
        organisation=orgs["trust_a"],
        user=user,
        person_name="Brian Bell",
        staff_number="TA-0042",
        course="sexual_safety_elearning",
        completed_on=date(2025, 1, 1),
        expires_on=date(2030, 1, 1),
    )
    return user


@pytest.fixture
def reported_case(alice, orgs):
    report = ReportFactory(organisation=orgs["trust_a"])
    return services.open_case(actor=alice, organisation=orgs["trust_a"], summary="Touching.", report=report)


@pytest.fixture
def subject(alice, reported_case, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.add_party(
            actor=alice,
            case=reported_case,
            version=None,
            role="subject",
            person=services.PersonDetails(kind="staff", name="Dr Brian Bell", **GMC),
        )


def _link(actor, case, party, account, **typed):
    typed = typed or {"email": account.email}
    return services.link_account(actor=actor, case=case, version=None, party=party, account=account, **typed)


def test_linking_by_staff_number_proposes_the_member_and_needs_confirmation(
    alice, dr_b, reported_case, subject, as_user
):
    client = as_user(alice)
    page = f"/cases/{reported_case.reference}/parties/{subject.pk}/account/"
    found = client.post(page, {"step": "find", "staff_number": "ta-0042", "version": reported_case.version})
    body = found.content.decode()
    assert found.status_code == 200
    assert "dr.b@trust-a.nhs.uk" in body
    assert "Confirm the link" in body
    subject.person.refresh_from_db()
    assert subject.person.user is None  # proposed, not linked
    reported_case.refresh_from_db()
    confirmed = client.post(
        page,
        {"step": "confirm", "staff_number": "ta-0042", "account": dr_b.pk, "version": reported_case.version},
    )
    assert confirmed.status_code == 302
    subject.person.refresh_from_db()
    assert (subject.person.user, subject.person.linked_by) == (dr_b, alice)


def test_only_members_of_the_case_organisation_are_proposed(alice, charlie, dr_b, orgs):
    assert linking.proposed_accounts(orgs["trust_a"], email="DR.B@trust-a.nhs.uk") == [dr_b]
    assert linking.proposed_accounts(orgs["trust_a"], email=charlie.email) == []
    assert linking.proposed_accounts(orgs["trust_b"], staff_number="TA-0042") == []


def test_an_account_that_was_not_proposed_cannot_be_linked(alice, charlie, reported_case, subject):
    with pytest.raises(services.StepRefused):
        _link(alice, reported_case, subject, charlie)
    subject.person.refresh_from_db()
    assert subject.person.user is None


def test_linking_is_audited_and_on_the_timeline_without_naming_the_account(
    alice, dr_b, reported_case, subject
):
    _link(alice, reported_case, subject, dr_b, staff_number="TA-0042")
    entry = AuditEntry.objects.filter(object_type="cases.person", object_id=str(subject.person_id)).latest(
        "id"
    )
    assert (entry.actor, entry.action, entry.detail["account"], entry.detail["found_by"]) == (
        alice,
        "update",
        dr_b.pk,
        "staff number",
    )
    latest = TimelineEntry.objects.filter(case=reported_case).first()
    assert latest.what == "Subject of concern linked to a staff account"
    assert "dr.b" not in latest.what
    assert "Bell" not in latest.what


def test_unlinking_is_audited(alice, dr_b, reported_case, subject):
    _link(alice, reported_case, subject, dr_b)
    services.unlink_account(actor=alice, case=reported_case, version=None, party=subject)
    subject.person.refresh_from_db()
    assert subject.person.user is None
    entry = AuditEntry.objects.filter(object_type="cases.person").latest("id")
    assert (entry.detail["previous"], entry.detail["account"]) == (dr_b.pk, None)


def test_a_handler_linked_as_the_subject_sees_nothing_of_the_case(
    alice, dr_b, reported_case, subject, as_user, client
):
    from rampart.accounts.services import create_api_token

    services.add_team_member(actor=alice, case=reported_case, version=None, user=dr_b)
    _link(alice, reported_case, subject, dr_b)
    assert not CaseTeamMember.objects.filter(case=reported_case, user=dr_b).exists()
    pages = as_user(dr_b)
    ref = reported_case.reference
    assert pages.get(f"/cases/{ref}/").status_code == 404
    assert ref not in pages.get("/cases/?queue=all").content.decode()
    _, token = create_api_token(dr_b, "script")
    api = {"Authorization": f"Bearer {token}"}
    assert client.get(f"/api/v1/cases/{ref}", headers=api).status_code == 404
    assert ref not in [c["reference"] for c in client.get("/api/v1/cases", headers=api).json()["results"]]
    report = reported_case.report
    assert pages.get(f"/triage/{report.reference}/").status_code in (403, 404)
    assert report.reference not in pages.get("/triage/?status=all").content.decode()
    assert not policy.allowed(dr_b, ReportingAction.VIEW_REPORT, report)
    # Alice, who handles it, still does.
    assert as_user(alice).get(f"/cases/{ref}/").status_code == 200
    assert policy.allowed(alice, ReportingAction.VIEW_REPORT, report)


def test_a_witness_linked_to_their_account_cannot_see_the_case(alice, dr_b, reported_case, as_user):
    witness = services.add_party(
        actor=alice,
        case=reported_case,
        version=None,
        role="witness",
        person=services.PersonDetails(kind="staff", name="Brian"),
    )
    assert as_user(dr_b).get(f"/cases/{reported_case.reference}/").status_code == 404  # Alice is named
    CaseTeamMember.objects.filter(case=reported_case).delete()  # nobody named: every handler is the team
    assert as_user(dr_b).get(f"/cases/{reported_case.reference}/").status_code == 200
    _link(alice, reported_case, witness, dr_b)
    assert as_user(dr_b).get(f"/cases/{reported_case.reference}/").status_code == 404
    assert not policy.allowed(dr_b, CaseAction.VIEW_CASE, reported_case)


def test_a_linked_user_cannot_be_added_to_the_case_team(alice, dr_b, reported_case, subject):
    _link(alice, reported_case, subject, dr_b)
    with pytest.raises(services.StepRefused) as refused:
        services.add_team_member(actor=alice, case=reported_case, version=None, user=dr_b)
    assert refused.value.reasons == ("Brian Bell is involved in this case, so they cannot be on its team",)
    assert not CaseTeamMember.objects.filter(case=reported_case, user=dr_b).exists()


def test_weak_signals_and_pattern_alerts_about_a_linked_handler_are_hidden_from_them(
    alice, dr_b, orgs, reported_case, subject, as_user
):
    from rampart.patterns import selectors
    from rampart.patterns import services as patterns
    from rampart.patterns.models import PatternAlert

    signal = patterns.record_weak_signal(
        actor=alice,
        organisation=orgs["trust_a"],
        answers={
            "kinds": ["comments"],
            "description": "Joked about a patient's body in the staff room.",
            "observed_on": date.today(),
            "name": "Brian Bell",
            **GMC,
        },
    )
    alert = PatternAlert.objects.get(organisation=orgs["trust_a"])
    mine = as_user(dr_b)
    # Before the link, as a case handler at the trust, Dr B sees both.
    assert mine.get(f"/patterns/signals/{signal.pk}/").status_code == 200
    assert mine.get(f"/patterns/alerts/{alert.pk}/").status_code == 200
    _link(alice, reported_case, subject, dr_b)
    assert mine.get(f"/patterns/signals/{signal.pk}/").status_code == 404
    assert mine.get(f"/patterns/alerts/{alert.pk}/").status_code == 404
    home = mine.get("/patterns/").content.decode()
    assert f"/patterns/alerts/{alert.pk}/" not in home
    assert f"/patterns/signals/{signal.pk}/" not in home
    assert selectors.open_alerts(orgs["trust_a"], viewer=dr_b).count() == 0
    # Alice still sees them.
    assert as_user(alice).get(f"/patterns/alerts/{alert.pk}/").status_code == 200
    assert [a.pk for a in selectors.open_alerts(orgs["trust_a"], viewer=alice)] == [alert.pk]
