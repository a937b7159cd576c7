"""A whole case through the pages, the rules that guard it, and who may see it."""

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from rampart.cases import services
from rampart.cases.models import Case, CaseTransition
from rampart.cases.workflow import REVIEW_CHECKLIST
from rampart.core.models import AuditEntry
from rampart.reporting.models import Report
from tests.dates import date_post
from tests.factories import MembershipFactory, PartyFactory, UserFactory


def post(client, case, action, data):
    case.refresh_from_db()
    return client.post(f"/cases/{case.reference}/{action}/", {"version": case.version, **data})


# --- a case from report to closure, one named step at a time ------------------------------------------
#
# The steps run in order on one case (each needs the state the one before left), as a list of small
# functions: a failing step names itself, and every POST is checked twice: the answer (a redirect back to
# the case, or the form again saying why not) and what the case page shows after it.


@dataclass
class Journey:
    """What the steps share: each person's signed-in browser, the report and, once opened, the case."""

    handler: Client
    panel: Client
    investigating: Client
    investigator_pk: int
    report: Report
    case: Case = field(init=False)


def in_days(days: int) -> str:
    """A date as an ISO string, `days` from today: the journey's dates stay in the future."""
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def readable(response) -> str:
    """The page as a person reads it (entities such as &#39; turned back into characters)."""
    return html.unescape(response.content.decode())


def timeline_of(page: str) -> list[str]:
    """The case page's timeline entries, newest first, without their time and author."""
    section = page.split("<h2>Timeline</h2>", 1)[1].split("</ol>", 1)[0]
    return [entry.strip() for entry in re.findall(r"</span>(.*?)</li>", section, flags=re.S)]


def state_of(page: str) -> str:
    """The state the case page shows in its first tag, under the heading."""
    found = re.search(r'<strong class="nhsuk-tag">\s*(.*?)\s*</strong>', page, flags=re.S)
    assert found, "the case page shows no state"
    return found.group(1)


def errors_on(page: str) -> list[str]:
    """What the error summary of a form page lists."""
    summary = re.search(r'class="nhsuk-list nhsuk-error-summary__list">(.*?)</ul>', page, flags=re.S)
    return (
        [
            " ".join(re.sub(r"<[^>]+>", "", item).split())
            for item in re.findall(r"<li>(.*?)</li>", summary.group(1), flags=re.S)
        ]
        if summary
        else []
    )


def accepted(client: Client, case: Case, action: str, data: dict, *, done: str, timeline: str) -> str:
    """POST a case form that must be accepted: a redirect back to the case page, which then shows the
    confirmation and, newest on its timeline, the one entry this write made. Answers that page."""
    before = case.timeline.count()
    response = post(client, case, action, data)
    assert response.status_code == 302, f"{action}: {response.status_code}, {errors_on(readable(response))}"
    assert response["Location"] == f"/cases/{case.reference}/"
    page = readable(client.get(response["Location"]))
    assert done in page, f"no confirmation {done!r}"
    entries = timeline_of(page)
    assert len(entries) == before + 1, f"{len(entries) - before} new timeline entries, not one: {entries}"
    assert entries[0] == timeline, f"the newest timeline entry is {entries[0]!r}, not {timeline!r}"
    return page


def refused(client: Client, case: Case, action: str, data: dict, *, because: str) -> None:
    """POST a case form that must be refused: the form again (200) saying why, and the case unchanged."""
    case.refresh_from_db()
    version, state, entries = case.version, case.state, case.timeline.count()
    response = post(client, case, action, data)
    assert response.status_code == 200, response.status_code
    assert any(because in error for error in errors_on(readable(response))), errors_on(readable(response))
    case.refresh_from_db()
    assert (case.version, case.state, case.timeline.count()) == (version, state, entries)


def open_the_case_from_the_report(j: Journey) -> None:
    response = j.handler.post(f"/cases/from-report/{j.report.reference}/")
    assert response.status_code == 302, response.status_code
    j.case = Case.objects.get(report=j.report)
    assert response["Location"] == f"/cases/{j.case.reference}/"
    page = readable(j.handler.get(response["Location"]))
    assert state_of(page) == "New"
    assert timeline_of(page) == [f"Case opened from report {j.report.reference}"]
    j.report.refresh_from_db()
    assert j.report.status == "in_progress"


def triage(j: Journey) -> None:
    screening = {"sexual_dimension": "yes", "screening_notes": "Touching", "priority": "urgent"}
    page = accepted(
        j.handler,
        j.case,
        "triage",
        {**screening, "immediate_actions": ""},
        done="Triage recorded.",
        timeline="New → Triaged",
    )
    assert state_of(page) == "Triaged"
    assert "Touching" in page
    assert re.search(r'nhsuk-tag--red">\s*Urgent\s*<', page)


def add_the_person_affected(j: Journey) -> None:
    data = {"role": "affected", "kind": "staff", "name": "Nurse A"}
    page = accepted(
        j.handler, j.case, "parties/add", data, done="Added to the case.", timeline="Person affected added"
    )
    assert "Person affected: Nurse A" in page


def add_the_subject_of_concern(j: Journey) -> None:
    data = {
        "role": "subject",
        "kind": "staff",
        "name": "Dr B",
        "profession": "doctor",
        "regulator": "GMC",
        "registration_number": "7012345",
    }
    page = accepted(
        j.handler, j.case, "parties/add", data, done="Added to the case.", timeline="Subject of concern added"
    )
    assert "Subject of concern: Dr B" in page
    assert "GMC 7012345" in page


def assess_and_support_everyone_involved(j: Journey) -> None:
    parties = list(j.case.parties.all())
    assert sorted(p.role for p in parties) == ["affected", "subject"]
    for party in parties:
        role = {"affected": "person affected", "subject": "subject of concern"}[party.role]
        risk = {"risks": ["patients"], "details": "Assessed", **date_post("review_on", in_days(14))}
        accepted(
            j.handler,
            j.case,
            f"parties/{party.pk}/risk",
            risk,
            done="Risk assessment recorded.",
            timeline=f"Risk assessed: {role}",
        )
        support = {"kind": "ftsu", "status": "offered", **date_post("offered_on", in_days(0))}
        page = accepted(
            j.handler,
            j.case,
            f"parties/{party.pk}/support",
            support,
            done="Support recorded.",
            timeline=f"Support offered: {role}",
        )
    assert "Risk assessment: not done" not in page
    assert page.count("Risk assessment: done") == 2
    assert "Support: none recorded" not in page


def add_an_interim_measure(j: Journey) -> None:
    data = {
        "kind": "non_patient_facing",
        "reason": "Pending",
        **date_post("starts_on", in_days(0)),
        **date_post("review_on", in_days(60)),
    }
    page = accepted(
        j.handler,
        j.case,
        "interim",
        data,
        done="Interim measure recorded.",
        timeline="Interim measure: Non-patient-facing work",
    )
    assert "Non-patient-facing work from" in page


def no_investigation_before_the_review_group(j: Journey) -> None:
    data = {"terms_of_reference": "ToR", "investigator": str(j.investigator_pk)}
    refused(j.handler, j.case, "investigation", data, because="review group first")


def refer_to_the_review_group(j: Journey) -> None:
    page = accepted(
        j.handler,
        j.case,
        "refer",
        {},
        done="Referred to the review group.",
        timeline="Triaged → Awaiting review group",
    )
    assert state_of(page) == "Awaiting review group"


def the_review_group_completes_its_checklist_first(j: Journey) -> None:
    data = {
        "checklist": ["police_considered"],
        "decision": "Investigate",
        **date_post("decided_on", in_days(1)),
    }
    refused(j.panel, j.case, "review", data, because="Review group checklist")


def police_considered_from_the_data(j: Journey) -> None:
    # Rampart checks "police involvement considered" itself: a liaison record, or a decision not to.
    refused(
        j.panel,
        j.case,
        "review",
        {
            "checklist": list(REVIEW_CHECKLIST),
            "decision": "Investigate",
            **date_post("decided_on", in_days(1)),
        },
        because="No police liaison and no recorded decision",
    )
    page = accepted(
        j.handler,
        j.case,
        "decisions/police-not-involved",
        {"reason": "The person affected does not want the police involved"},
        done="Decision recorded.",
        timeline="Decision recorded: Not to involve the police",
    )
    assert "Checked:</strong> Police involvement considered" in page


def the_review_group_records_its_decision(j: Journey) -> None:
    data = {
        "checklist": list(REVIEW_CHECKLIST),
        "decision": "Investigate",
        **date_post("decided_on", in_days(1)),
    }
    page = accepted(
        j.panel,
        j.case,
        "review",
        data,
        done="Review group decision recorded.",
        timeline="Awaiting review group → Reviewed by review group",
    )
    assert state_of(page) == "Reviewed by review group"


def commission_the_investigation(j: Journey) -> None:
    data = {"terms_of_reference": "ToR", "investigator": str(j.investigator_pk)}
    page = accepted(
        j.handler,
        j.case,
        "investigation",
        data,
        done="Investigation commissioned.",
        timeline="Reviewed by review group → Under investigation",
    )
    assert state_of(page) == "Under investigation"


def the_investigator_records_findings(j: Journey) -> None:
    data = {"findings": "Substantiated on balance", "substantiated": "yes"}
    page = accepted(
        j.investigating,
        j.case,
        "findings",
        data,
        done="Findings recorded.",
        timeline="Investigation findings recorded",
    )
    assert state_of(page) == "Under investigation"
    assert "Record the investigation's findings" not in page


def record_the_outcome(j: Journey) -> None:
    data = {
        "kind": "dismissal",
        "removed_from_regulated_activity": "on",
        "relevant_conduct": "on",
        "lessons_learned": "",
    }
    page = accepted(
        j.handler,
        j.case,
        "outcome",
        data,
        done="Outcome recorded.",
        timeline="Under investigation → Outcome recorded",
    )
    assert state_of(page) == "Outcome recorded"
    assert "Referral to the professional regulator: required" in page
    # Removed from regulated activity for relevant conduct: the DBS referral is a legal duty.
    assert "DBS barring referral: required" in page


def closing_needs_every_required_referral_made_or_declined(j: Journey) -> None:
    from rampart.referrals.models import Referral

    refused(j.handler, j.case, "close", {}, because="DBS barring referral is required and still to do")
    required = Referral.objects.filter(case=j.case, duty_status="required", indicated=True)
    for record in required:
        answer = (
            {"status": "sent", **date_post("sent_on", in_days(0))}
            if record.duty_code != "update_esr"
            else {"status": "not_needed", "reason": "ESR is updated by the HR team's own process"}
        )
        response = j.handler.post(
            f"/referrals/{j.case.reference}/{record.slug}/status/", {"version": record.version, **answer}
        )
        assert response.status_code == 302, (record.duty_code, errors_on(readable(response)))


def close_the_case(j: Journey) -> None:
    page = accepted(j.handler, j.case, "close", {}, done="Case closed.", timeline="Outcome recorded → Closed")
    assert state_of(page) == "Closed"
    assert list(CaseTransition.objects.filter(case=j.case).values_list("to_state", flat=True)) == [
        "new",
        "triaged",
        "awaiting_review_group",
        "reviewed",
        "under_investigation",
        "outcome_recorded",
        "closed",
    ]
    j.report.refresh_from_db()
    assert j.report.status == "closed"


def reopening_needs_a_reason(j: Journey) -> None:
    refused(j.handler, j.case, "reopen", {"reason": ""}, because="Enter the reason")


def reopen_with_a_reason(j: Journey) -> None:
    page = accepted(
        j.handler,
        j.case,
        "reopen",
        {"reason": "New information"},
        done="Case reopened.",
        timeline="Closed → Triaged",
    )
    assert state_of(page) == "Triaged"
    assert CaseTransition.objects.filter(case=j.case).latest("at", "id").reason == "New information"


FROM_REPORT_TO_CLOSURE: tuple[Callable[[Journey], None], ...] = (
    open_the_case_from_the_report,
    triage,
    add_the_person_affected,
    add_the_subject_of_concern,
    assess_and_support_everyone_involved,
    add_an_interim_measure,
    no_investigation_before_the_review_group,
    refer_to_the_review_group,
    the_review_group_completes_its_checklist_first,
    police_considered_from_the_data,
    the_review_group_records_its_decision,
    commission_the_investigation,
    the_investigator_records_findings,
    record_the_outcome,
    closing_needs_every_required_referral_made_or_declined,
    close_the_case,
    reopening_needs_a_reason,
    reopen_with_a_reason,
)


def test_a_case_from_report_to_closure(alice, reviewer, investigator, as_user, orgs):
    from rampart.reporting import services as reporting

    report = reporting.submit_report(
        {
            "organisation": "RA1",
            "anonymity": "anonymous",
            "about": "staff",
            "affected": "me",
            "what_happened": "He touched me.",
            "still_happening": "no",
        }
    ).report
    journey = Journey(
        handler=as_user(alice),
        panel=as_user(reviewer),
        investigating=as_user(investigator),
        investigator_pk=investigator.pk,
        report=report,
    )
    for number, step in enumerate(FROM_REPORT_TO_CLOSURE, 1):
        try:
            step(journey)
        except AssertionError as failure:
            name = step.__name__.replace("_", " ")
            pytest.fail(f"step {number} of {len(FROM_REPORT_TO_CLOSURE)}, {name!r}, failed: {failure}")


def test_an_untrained_investigator_cannot_be_assigned(alice, orgs):
    case = services.open_case(actor=alice, organisation=orgs["trust_a"], summary="x")
    services.triage(
        actor=alice,
        case=case,
        version=None,
        sexual_dimension="no",
        screening_notes="n",
        immediate_actions="",
        priority="routine",
        criminal_allegation=False,
    )
    untrained = MembershipFactory(organisation=orgs["trust_a"], role="investigator").user
    with pytest.raises(services.StepRefused, match="no current specialist"):
        services.assign_investigation(
            actor=alice, case=case, version=None, terms_of_reference="t", investigators=[untrained]
        )


def test_two_handlers_cannot_silently_overwrite_each_other(case, alice, as_user):
    client = as_user(alice)
    stale = case.version
    client.post(
        f"/cases/{case.reference}/parties/add/",
        {"version": stale, "role": "witness", "kind": "staff", "name": "W1"},
    )
    second = client.post(
        f"/cases/{case.reference}/parties/add/",
        {"version": stale, "role": "witness", "kind": "staff", "name": "W2"},
    )
    assert second.status_code == 409
    body = second.content.decode()
    assert "This case changed while you were working on it" in body
    assert 'value="W2"' in body
    assert case.parties.count() == 1


def test_bad_input_is_explained_and_kept(case, alice, as_user):
    body = (
        as_user(alice)
        .post(
            f"/cases/{case.reference}/interim/",
            {
                "version": case.version,
                "kind": "supervision",
                "reason": "",
                **date_post("starts_on", "2026-12-01"),
                **date_post("review_on", "2026-11-01"),
            },
        )
        .content.decode()
    )
    assert "Enter the reason for the measure" in body
    assert "The review date must be on or after the start date" in body
    assert re.search(r'name="starts_on_month"[^>]*value="12"', body)


def test_reading_a_case_is_audited(case, alice, as_user):
    as_user(alice).get(f"/cases/{case.reference}/")
    assert AuditEntry.objects.filter(actor=alice, action="read", object_type="cases.case").exists()


def test_charlie_sees_nothing_of_trust_a_cases(case, charlie, as_user):
    client = as_user(charlie)
    assert client.get(f"/cases/{case.reference}/").status_code == 404
    assert case.reference not in client.get("/cases/?queue=all").content.decode()


def test_another_handler_at_the_trust_is_not_on_the_team(case, orgs, as_user):
    other = MembershipFactory(organisation=orgs["trust_a"], role="case_handler").user
    assert as_user(other).get(f"/cases/{case.reference}/").status_code == 404


def test_nobody_sees_a_case_about_themself(case, alice, orgs, as_user):
    subject = MembershipFactory(
        user=UserFactory(email="dr.b@trust-a.nhs.uk"), organisation=orgs["trust_a"], role="case_handler"
    ).user
    services.add_team_member(actor=alice, case=case, version=None, user=subject)
    assert as_user(subject).get(f"/cases/{case.reference}/").status_code == 200
    services.add_party(
        actor=alice,
        case=case,
        version=None,
        role="subject",
        person=services.PersonDetails(kind="staff", name="Dr B", user=subject),
    )
    assert as_user(subject).get(f"/cases/{case.reference}/").status_code == 404


def test_the_review_group_sees_only_referred_cases(case, alice, reviewer, as_user):
    panel = as_user(reviewer)
    assert panel.get(f"/cases/{case.reference}/").status_code == 404
    services.triage(
        actor=alice,
        case=case,
        version=None,
        sexual_dimension="yes",
        screening_notes="n",
        immediate_actions="",
        priority="routine",
        criminal_allegation=False,
    )
    services.refer_to_review_group(actor=alice, case=case, version=None)
    assert panel.get(f"/cases/{case.reference}/").status_code == 200
    assert case.reference in panel.get("/cases/?queue=review_group").content.decode()
    # Seeing is not changing
    assert panel.post(f"/cases/{case.reference}/interim/", {"version": case.version}).status_code == 403


def test_search_by_registration_number(case, alice, as_user):
    services.add_party(
        actor=alice,
        case=case,
        version=None,
        role="subject",
        person=services.PersonDetails(
            kind="staff", name="Dr B", regulator="GMC", registration_number="7012345"
        ),
    )
    body = as_user(alice).get("/cases/?queue=all&q=7012345").content.decode()
    assert case.reference in body


def test_raise_a_case_directly(alice, as_user):
    client = as_user(alice)
    assert "Enter a summary" in client.post("/cases/new/", {"summary": ""}).content.decode()
    response = client.post("/cases/new/", {"summary": "Seen on CCTV"})
    assert response.status_code == 302
    assert Case.objects.get().summary == "Seen on CCTV"


def test_review_group_members_and_an_agenda_of_referred_cases(case, alice, bob, reviewer, as_user, orgs):
    services.triage(
        actor=alice,
        case=case,
        version=None,
        sexual_dimension="possible",
        screening_notes="n",
        immediate_actions="",
        priority="routine",
        criminal_allegation=False,
    )
    services.refer_to_review_group(actor=alice, case=case, version=None)
    admin = as_user(bob)
    bad = admin.post(
        "/cases/review-group/",
        {"add_member": "1", "email": "stranger@example.com", "role_in_group": "HR lead"},
    ).content.decode()
    assert "Nobody with that e-mail address works in this organisation" in bad
    admin.post("/cases/review-group/", {"add_member": "1", "email": alice.email, "role_in_group": "HR lead"})
    admin.post("/cases/review-group/", {"arrange": "1", **date_post("held_on", "2026-12-01")})
    page = admin.get("/cases/review-group/").content.decode()
    assert "HR lead" in page
    assert case.reference in page
    assert as_user(alice).get("/cases/review-group/").status_code == 403


def test_interviews_and_evidence_belong_to_the_investigation(case, alice, investigator, as_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from rampart.cases.models import Evidence, Interview

    services.triage(
        actor=alice,
        case=case,
        version=None,
        sexual_dimension="no",
        screening_notes="n",
        immediate_actions="",
        priority="routine",
        criminal_allegation=False,
    )
    party = services.add_party(
        actor=alice,
        case=case,
        version=None,
        role="witness",
        person=services.PersonDetails(kind="staff", name="W"),
    )
    services.assign_investigation(
        actor=alice, case=case, version=None, terms_of_reference="t", investigators=[investigator]
    )
    client = as_user(investigator)
    case.refresh_from_db()
    client.post(
        f"/cases/{case.reference}/parties/{party.pk}/interview/",
        {"version": case.version, **date_post("held_on", "2026-11-22"), "notes": "Saw them in the lift"},
    )
    assert Interview.objects.get().notes == "Saw them in the lift"
    case.refresh_from_db()
    refused = client.post(
        f"/cases/{case.reference}/evidence/",
        {
            "version": case.version,
            "description": "Rota",
            "file": SimpleUploadedFile("rota.pdf", b"not a pdf"),
        },
    )
    assert "JPEG, PNG or PDF" in refused.content.decode()
    from tests.reporting.test_attachments import pdf_with_author

    client.post(
        f"/cases/{case.reference}/evidence/",
        {
            "version": case.version,
            "description": "Rota",
            "file": SimpleUploadedFile("rota.pdf", pdf_with_author()),
        },
    )
    evidence = Evidence.objects.get()
    assert b"Dr Secret Author" not in __import__("base64").b64decode(evidence.content)


def test_review_dates_become_reminders(case, alice):
    from datetime import date

    from rampart.core.models import Reminder

    party = services.add_party(
        actor=alice,
        case=case,
        version=None,
        role="witness",
        person=services.PersonDetails(kind="staff", name="Wendy"),
    )
    services.record_risk_assessment(
        actor=alice,
        case=case,
        version=None,
        party=party,
        risks=[],
        details="d",
        mitigations="",
        contact_police=False,
        review_on=date(2026, 12, 24),
    )
    reminder = Reminder.objects.get(topic=f"case:{case.pk}")
    assert reminder.due_at.date() == date(2026, 12, 24)
    assert "Wendy" not in reminder.body


def test_the_api_shows_a_token_exactly_the_cases_its_user_sees(case, alice, charlie, client):
    from rampart.accounts.services import create_api_token

    _, alice_token = create_api_token(alice, "script")
    _, charlie_token = create_api_token(charlie, "script")
    listed = client.get("/api/v1/cases", headers={"Authorization": f"Bearer {alice_token}"}).json()
    assert [c["reference"] for c in listed["results"]] == [case.reference]
    detail = client.get(f"/api/v1/cases/{case.reference}", headers={"Authorization": f"Bearer {alice_token}"})
    assert detail.json()["allowed_steps"] == []  # triage needs the screening first
    assert {d["code"] for d in detail.json()["duties"]} >= {"REVIEW_GROUP"}
    assert (
        client.get("/api/v1/cases", headers={"Authorization": f"Bearer {charlie_token}"}).json()["results"]
        == []
    )
    assert (
        client.get(
            f"/api/v1/cases/{case.reference}", headers={"Authorization": f"Bearer {charlie_token}"}
        ).status_code
        == 404
    )
    assert client.get("/api/v1/cases").status_code == 401


EDIT_PAGES = [
    "triage",
    "parties/add",
    "interim",
    "police",
    "refer",
    "investigation",
    "outcome",
    "close",
    "reopen",
]


@pytest.mark.parametrize("page", [*EDIT_PAGES, "review", "findings", "evidence"])
def test_charlie_cannot_reach_any_page_of_a_trust_a_case(case, charlie, as_user, page):
    client = as_user(charlie)
    assert client.get(f"/cases/{case.reference}/{page}/").status_code == 404
    assert client.post(f"/cases/{case.reference}/{page}/", {"version": case.version}).status_code == 404


@pytest.mark.parametrize("page", EDIT_PAGES)
def test_the_review_group_may_see_but_not_run_the_case(case, alice, reviewer, as_user, page):
    services.triage(
        actor=alice,
        case=case,
        version=None,
        sexual_dimension="yes",
        screening_notes="n",
        immediate_actions="",
        priority="routine",
        criminal_allegation=False,
    )
    services.refer_to_review_group(actor=alice, case=case, version=None)
    assert as_user(reviewer).get(f"/cases/{case.reference}/{page}/").status_code == 403


def test_list_can_be_sorted_oldest_first(alice, orgs, as_user):
    first = services.open_case(actor=alice, organisation=orgs["trust_a"], summary="first")
    second = services.open_case(actor=alice, organisation=orgs["trust_a"], summary="second")
    body = as_user(alice).get("/cases/?queue=all&sort=oldest").content.decode()
    assert body.index(first.reference) < body.index(second.reference)


def test_next_steps_link_only_to_pages_the_person_may_use(case, alice, reviewer, as_user):
    handler, panel = as_user(alice), as_user(reviewer)
    triage = {"sexual_dimension": "yes", "screening_notes": "Touching", "priority": "urgent"}
    post(handler, case, "triage", {**triage, "immediate_actions": ""})
    post(handler, case, "refer", {})
    # What Rampart checks for the review group from the data: everyone assessed and supported, and
    # the police considered.
    PartyFactory(case=case, assessed=True, supported=True, by=alice)
    case.refresh_from_db()
    services.record_decision(
        actor=alice, case=case, version=None, kind="police_not_involved", reason="Not wanted"
    )
    # Awaiting the review group: its members (and the handler, on its behalf) record the decision.
    review = f'href="/cases/{case.reference}/review/"'
    assert review in panel.get(f"/cases/{case.reference}/").content.decode()
    post(
        panel,
        case,
        "review",
        {
            "checklist": list(REVIEW_CHECKLIST),
            "decision": "Investigate",
            **date_post("decided_on", "2026-11-21"),
        },
    )
    # Reviewed: commissioning an investigation and recording the outcome are the handler's pages.
    for slug in ("investigation", "outcome"):
        link = f'href="/cases/{case.reference}/{slug}/"'
        assert link in handler.get(f"/cases/{case.reference}/").content.decode()
        assert link not in panel.get(f"/cases/{case.reference}/").content.decode()
        assert panel.get(f"/cases/{case.reference}/{slug}/").status_code == 403


def test_search_by_staff_number_ignores_case(case, alice, as_user):
    services.add_party(
        actor=alice,
        case=case,
        version=None,
        role="subject",
        person=services.PersonDetails(kind="staff", name="Sam", staff_number="Rx1234"),
    )
    client = as_user(alice)
    assert case.reference in client.get("/cases/?queue=all&q=rX1234").content.decode()
    assert case.reference not in client.get("/cases/?queue=all&q=rX123").content.decode()


def test_staff_numbers_are_looked_up_through_the_index_on_their_keyed_hash(case, alice, orgs):
    """The case list search, pattern links and the investigations register compare the staff
    number's keyed hash (the number itself is encrypted); the index on the hash must serve it."""
    from django.db import connection

    from rampart.cases.identifiers import staff_number_key
    from rampart.cases.models import Person

    Person.objects.bulk_create(
        Person(organisation=orgs["trust_a"], kind="staff", name=f"P{n}", staff_number=f"S{n:05}")
        for n in range(2000)
    )
    lookup = Person.objects.filter(staff_number_key=staff_number_key("s01234"))
    assert lookup.count() == 1
    sql, params = lookup.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE cases_person")
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = "\n".join(str(row) for row in cursor.fetchall())
    assert "staff_number_key" in plan, plan
    assert "INDEX" in plan.upper(), plan


def test_the_case_api_refuses_an_offset_out_of_range_with_a_message(alice):
    from django.test import Client

    from rampart.accounts.services import create_api_token

    token = create_api_token(alice, "t")[1]
    client = Client()
    for offset in ("-1", "9223372036854775808"):
        response = client.get(f"/api/v1/cases?offset={offset}", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 422
        assert "offset" in response.json()["errors"]
    ok = client.get("/api/v1/cases?offset=5&limit=5000", headers={"Authorization": f"Bearer {token}"})
    assert ok.status_code == 200
