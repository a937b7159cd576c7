"""Every part of a case is readable on its page by those the policy allows, and only by them: the
handler sees everything; the investigator the investigation (findings, interviews, evidence) but not
the people's risk and support detail; the review group the decisions, findings and risk and support
but not interviews or evidence; Charlie (Trust B) nothing. Evidence downloads are audited exports.

Personas: Alice handles the case at Trust A, Ivy investigates it, Rita sits on Trust A's review group,
Hana is another case handler at Trust A (not on this case's team), Charlie handles cases at Trust B."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from rampart.cases import services
from rampart.cases.models import CaseTeamMember, Outcome
from rampart.core.models import AuditEntry, Reminder
from tests.factories import (
    CaseFactory,
    EvidenceFactory,
    InterimMeasureFactory,
    InterviewFactory,
    MembershipFactory,
    PoliceLiaisonFactory,
    SupportOfferFactory,
)

pytestmark = pytest.mark.django_db

FINDINGS = "Substantiated on the balance of probabilities."
DECISION = "Investigate, with a specially trained investigator."
INTERVIEW = "Described the night shifts in detail."
EVIDENCE = "Rota for the ward in November"
RISK = "Works alone with patients on nights."
SUPPORT_NOTE = "Prefers calls after 4pm."
MEASURE_REASON = "Kept off the ward pending the investigation."
POLICE_AGREED = "Witness interviews may go ahead; the subject is not to be interviewed yet."
LESSONS = "Brief ward leaders on reporting routes."


@pytest.fixture
def recorded(orgs, alice, investigator):
    """A case at Trust A with an outcome, and something in every section."""
    case = CaseFactory(organisation=orgs["trust_a"], outcome_recorded=True, handler=alice, parties=2)
    CaseTeamMember.objects.create(case=case, user=investigator, role="investigator")
    subject, affected = case.parties.order_by("id")
    InterviewFactory(investigation=case.investigation, party=affected)
    EvidenceFactory(investigation=case.investigation)
    SupportOfferFactory(
        party=affected, notes=SUPPORT_NOTE, follow_up_on=timezone.localdate() - timedelta(days=1)
    )
    InterimMeasureFactory(case=case, party=subject, reason=MEASURE_REASON)
    PoliceLiaisonFactory(case=case, agreed_to_continue=POLICE_AGREED)
    outcome = Outcome.objects.get(case=case)
    outcome.lessons_learned = LESSONS
    outcome.save()
    return case


def _page(client, case) -> str:
    response = client.get(f"/cases/{case.reference}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_handler_sees_every_section_with_what_was_recorded(recorded, alice, as_user):
    page = _page(as_user(alice), recorded)

    for text in (FINDINGS, DECISION, INTERVIEW, EVIDENCE, RISK, SUPPORT_NOTE, MEASURE_REASON, POLICE_AGREED):
        assert text in page
    assert LESSONS in page
    assert "Written warning" in page  # the outcome
    assert "Follow-up due" in page
    evidence = recorded.investigation.evidence.get()
    assert f'href="/cases/{recorded.reference}/evidence/{evidence.pk}/file/"' in page
    assert f'href="/cases/{recorded.reference}/findings/"' in page  # change the findings
    assert f'href="/cases/{recorded.reference}/police/"' in page  # change the police liaison


def test_the_sections_come_in_order_after_the_people(recorded, alice, as_user):
    page = _page(as_user(alice), recorded)
    headings = [
        "People involved",
        "Risk assessments and support",
        "Interim measures",
        "Police liaison",
        "Review group decisions",
        "Investigation",
        "Outcome",
        "Lessons learned",
        "Timeline",
    ]
    places = [page.index(f">{h}</h2>") for h in headings]
    assert places == sorted(places)


def test_the_investigator_sees_their_interviews_evidence_and_findings_but_not_risk_detail(
    recorded, investigator, as_user
):
    page = _page(as_user(investigator), recorded)

    for text in (FINDINGS, INTERVIEW, EVIDENCE, DECISION, POLICE_AGREED, MEASURE_REASON):
        assert text in page
    assert RISK not in page
    assert SUPPORT_NOTE not in page


def test_the_review_group_sees_decisions_findings_and_risk_but_not_interviews_or_evidence(
    recorded, reviewer, as_user
):
    page = _page(as_user(reviewer), recorded)

    for text in (DECISION, FINDINGS, RISK, SUPPORT_NOTE, MEASURE_REASON, LESSONS):
        assert text in page
    assert INTERVIEW not in page
    assert EVIDENCE not in page
    assert "/file/" not in page


@pytest.mark.parametrize("who", ["charlie", "colleague"])
def test_nobody_off_the_team_sees_the_case_or_its_evidence(recorded, charlie, orgs, as_user, who):
    user = (
        charlie
        if who == "charlie"
        else MembershipFactory(organisation=orgs["trust_a"], role="case_handler").user
    )
    client = as_user(user)
    evidence = recorded.investigation.evidence.get()

    assert client.get(f"/cases/{recorded.reference}/").status_code == 404
    assert client.get(f"/cases/{recorded.reference}/evidence/{evidence.pk}/file/").status_code == 404
    assert not AuditEntry.objects.filter(actor=user, action="export").exists()


def test_an_evidence_download_is_the_stored_file_never_cached_and_audited_as_an_export(
    recorded, investigator, as_user
):
    evidence = recorded.investigation.evidence.get()

    response = as_user(investigator).get(f"/cases/{recorded.reference}/evidence/{evidence.pk}/file/")

    assert response.status_code == 200
    assert response.content == b"nights\n"
    assert response["Content-Type"] == "text/plain"
    assert response["Content-Disposition"] == f'attachment; filename="{recorded.reference}-rota.txt"'
    assert "no-store" in response["Cache-Control"].split(", ")
    (entry,) = AuditEntry.objects.filter(actor=investigator, action="export")
    assert (entry.object_type, entry.object_id) == ("cases.evidence", str(evidence.pk))
    assert entry.organisation == recorded.organisation
    assert entry.detail == {"what": "evidence file", "case": recorded.reference, "name": "rota.txt"}


def test_the_review_group_may_not_download_evidence(recorded, reviewer, as_user):
    evidence = recorded.investigation.evidence.get()

    response = as_user(reviewer).get(f"/cases/{recorded.reference}/evidence/{evidence.pk}/file/")

    assert response.status_code == 403
    assert not AuditEntry.objects.filter(actor=reviewer, action="export").exists()


def test_evidence_of_another_case_is_not_found_through_this_one(recorded, orgs, alice, as_user):
    other = CaseFactory(organisation=orgs["trust_a"], investigating=True, handler=alice)
    elsewhere = EvidenceFactory(investigation=other.investigation)

    response = as_user(alice).get(f"/cases/{recorded.reference}/evidence/{elsewhere.pk}/file/")

    assert response.status_code == 404


def test_the_page_read_names_the_sections_shown_never_what_they_say(recorded, reviewer, as_user):
    _page(as_user(reviewer), recorded)

    (entry,) = AuditEntry.objects.filter(actor=reviewer, action="read", object_type="cases.case")
    assert entry.detail["what"] == "case page"
    assert "review group decisions" in entry.detail["sections"]
    assert "risk and support" in entry.detail["sections"]
    assert "evidence" not in entry.detail["sections"]
    assert DECISION not in str(entry.detail)


@pytest.mark.parametrize("step", ["interview", "evidence"])
def test_what_the_police_agreed_is_a_warning_on_the_steps_it_restrains(recorded, investigator, as_user, step):
    party = recorded.parties.first()
    url = (
        f"/cases/{recorded.reference}/parties/{party.pk}/interview/"
        if step == "interview"
        else f"/cases/{recorded.reference}/evidence/"
    )
    page = as_user(investigator).get(url).content.decode()

    assert "nhsuk-card--warning" in page
    assert POLICE_AGREED in page


def test_the_commissioning_form_warns_that_the_police_are_investigating(orgs, alice, as_user):
    case = CaseFactory(organisation=orgs["trust_a"], reviewed=True, handler=alice)
    PoliceLiaisonFactory(case=case, agreed_to_continue="")

    page = as_user(alice).get(f"/cases/{case.reference}/investigation/").content.decode()

    assert "The police are investigating" in page
    assert "check with the police before you go on" in page


def test_steps_the_police_do_not_restrain_carry_no_warning(recorded, alice, as_user):
    page = as_user(alice).get(f"/cases/{recorded.reference}/interim/").content.decode()

    assert POLICE_AGREED not in page


def test_a_support_follow_up_date_becomes_a_reminder(orgs, alice):
    case = CaseFactory(organisation=orgs["trust_a"], triaged=True, handler=alice, parties=1)
    follow_up = timezone.localdate() + timedelta(days=14)

    services.record_support_offer(
        actor=alice,
        case=case,
        version=None,
        party=case.parties.get(),
        kind="isva",
        status="accepted",
        offered_on=timezone.localdate(),
        follow_up_on=follow_up,
        notes="",
    )

    (reminder,) = Reminder.objects.filter(topic=f"case:{case.pk}", subject__startswith="Support follow-up")
    assert timezone.localtime(reminder.due_at).date() == follow_up
    assert reminder.recipient == alice
    assert case.reference in reminder.subject


def test_interviews_and_evidence_cost_the_same_queries_for_one_or_three(recorded, alice, as_user):
    client = as_user(alice)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            _page(client, recorded)
        return len(captured)

    with_one = count()
    for _ in range(2):
        InterviewFactory(investigation=recorded.investigation, party=recorded.parties.first())
        EvidenceFactory(investigation=recorded.investigation)
    assert count() == with_one
