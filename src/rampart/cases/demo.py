"""Demo cases at Riverside, one in every state of the workflow (loaded by `rampart demo-data`)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from rampart.cases import selectors, services, workflow
from rampart.cases.models import Case, ReviewGroupMember
from rampart.cases.workflow import REVIEW_CHECKLIST, State

SUMMARIES = {
    State.NEW: "A student nurse says a healthcare assistant keeps commenting on her appearance.",
    State.TRIAGED: "A porter reports a colleague sent him sexual messages after a night out.",
    State.AWAITING_REVIEW_GROUP: "A patient says a physiotherapist touched her in a way that felt wrong.",
    State.REVIEWED: "Two nurses describe a registrar standing too close and blocking the door.",
    State.UNDER_INVESTIGATION: "A patient's daughter says the examination of her mother had no chaperone.",
    State.OUTCOME_RECORDED: "A radiographer reports repeated unwanted comments from a consultant.",
    State.CLOSED: "An agency worker shared intimate images of a colleague in a group chat.",
}
ORDER = list(SUMMARIES)


def load(*, orgs: dict[str, Any], users: dict[str, Any]) -> None:
    trust = orgs["R1A"]
    alice = users["alice.handler@riverside.example"]
    bob = users["bob.reviewer@riverside.example"]
    ivy = users["ivy.investigator@riverside.example"]
    ReviewGroupMember.objects.get_or_create(
        organisation=trust, user=bob, defaults={"role_in_group": "DASV lead"}
    )
    if not Case.objects.filter(organisation=trust, report__isnull=True).exists():
        _load_every_state(trust=trust, alice=alice, bob=bob, ivy=ivy)
    load_joined_up(trust=trust, alice=alice, bob=bob, ivy=ivy)


def _load_every_state(*, trust: Any, alice: Any, bob: Any, ivy: Any) -> None:
    today = timezone.localdate()
    for target, summary in SUMMARIES.items():
        case = services.open_case(actor=alice, organisation=trust, summary=summary)
        if ORDER.index(target) == 0:
            continue
        services.triage(
            actor=alice,
            case=case,
            version=None,
            sexual_dimension="yes",
            screening_notes="Sexual comments or touching described",
            immediate_actions="",
            priority="urgent",
            criminal_allegation=target is State.CLOSED,
        )
        nurse = {
            # A different nurse in each case: the patterns demo has its own repeated concerns.
            "profession": "nurse",
            "regulator": "NMC",
            "registration_number": f"12A{3450 + ORDER.index(target)}E",
        }
        _involve(
            alice=alice,
            case=case,
            people=[
                ("affected", services.PersonDetails(kind="staff", name="Person affected")),
                ("subject", services.PersonDetails(kind="staff", name="Subject of concern", **nurse)),
            ],
        )
        if ORDER.index(target) < ORDER.index(State.AWAITING_REVIEW_GROUP):
            continue
        services.refer_to_review_group(actor=alice, case=case, version=None)
        # The review group's checklist checks from the data that the police were considered.
        services.record_decision(
            actor=alice,
            case=case,
            version=None,
            kind="police_not_involved",
            reason="The person affected asked for the police not to be involved.",
        )
        if target is State.AWAITING_REVIEW_GROUP:
            continue
        services.record_review_decision(
            actor=bob,
            case=case,
            version=None,
            checklist=list(REVIEW_CHECKLIST),
            decision="Investigate with a specialist investigator.",
            decided_on=today,
        )
        if target is State.REVIEWED:
            continue
        services.assign_investigation(
            actor=alice,
            case=case,
            version=None,
            investigators=[ivy],
            terms_of_reference="Establish what happened on the dates reported.",
        )
        if target is State.UNDER_INVESTIGATION:
            continue
        services.record_findings(
            actor=ivy,
            case=case,
            version=None,
            findings="Substantiated on the balance of probabilities.",
            finding="substantiated",
        )
        services.record_outcome(
            actor=alice,
            case=case,
            version=None,
            kind="final_written_warning",
            removed_from_regulated_activity=False,
            left_before_removal=False,
            lessons_learned="Brief ward leaders on reporting routes.",
        )
        if target is State.CLOSED:
            # The required referrals were made before the case came into Rampart: an override, with
            # its reason on the case page (cases.workflow.OVERRIDES).
            if not workflow.check(workflow.Step.CLOSE, selectors.facts_for(case)).allowed:
                services.record_decision(
                    actor=alice,
                    case=case,
                    version=None,
                    kind="override:close",
                    reason="The referrals were made on paper before the case was moved into Rampart.",
                )
            services.close(actor=alice, case=case, version=None)


# The cases that show issue 16's "Done when", each on its own case (listed in the README's "Joined up").
CHILD_ASSAULT = "A 14-year-old patient on the children's ward says a healthcare assistant touched her."
NURSE_DISMISSED = "A staff nurse made sexual remarks to and touched an older patient with dementia."
NEEDS_REVIEW_GROUP = "A midwife says a registrar pressed against her in the sluice room."
# The confidential report (reporting.demo) whose case the handler messages, closes and explains.
CONFIDENTIAL_REPORT = "RPT-DEMO-0004"
MESSAGE_TO_REPORTER = (
    "Thank you for telling us. We have opened a case and offered support through the Freedom to Speak "
    "Up Guardian. Did this happen on more than one shift?"
)
OUTCOME_STATEMENT = (
    "We looked into what you told us. The person concerned has been given a final written warning and "
    "will not work on your rota. Thank you for speaking up: it helped us keep people safe."
)


def _involve(*, alice: Any, case: Case, people: list[tuple[str, Any]]) -> list[Any]:
    """Add each person, with a risk assessment and a support offer, as a handler would."""
    today = timezone.localdate()
    parties = [
        services.add_party(actor=alice, case=case, version=None, role=role, person=person)
        for role, person in people
    ]
    for party in case.parties.all():
        services.record_risk_assessment(
            actor=alice,
            case=case,
            version=None,
            party=party,
            risks=["staff"],
            details="Kept apart while the concern is looked into",
            mitigations="Rotas separated",
            contact_police=False,
            review_on=today + timedelta(days=28),
        )
        services.record_support_offer(
            actor=alice,
            case=case,
            version=None,
            party=party,
            kind="ftsu",
            status="offered",
            offered_on=today,
            follow_up_on=None,
            notes="",
        )
    return parties


def _triage(*, alice: Any, case: Case, sexual_dimension: str = "yes", criminal: bool = False) -> None:
    services.triage(
        actor=alice,
        case=case,
        version=None,
        sexual_dimension=sexual_dimension,
        screening_notes="Sexual remarks or touching described",
        immediate_actions="",
        priority="urgent",
        criminal_allegation=criminal,
    )


def _review(*, alice: Any, bob: Any, case: Case, decision: str) -> None:
    services.refer_to_review_group(actor=alice, case=case, version=None)
    services.record_decision(
        actor=alice,
        case=case,
        version=None,
        kind="police_not_involved",
        reason="The person affected asked for the police not to be involved.",
    )
    services.record_review_decision(
        actor=bob,
        case=case,
        version=None,
        checklist=list(REVIEW_CHECKLIST),
        decision=decision,
        decided_on=timezone.localdate(),
    )


def load_joined_up(*, trust: Any, alice: Any, bob: Any, ivy: Any) -> None:
    """One case for each situation of issue 16's "Done when"; each made once, through the services."""
    from rampart.reporting import services as reporting
    from rampart.reporting.models import Report

    today = timezone.localdate()
    made = {case.summary for case in Case.objects.filter(organisation=trust, report__isnull=True)}
    staff = services.PersonDetails
    if CHILD_ASSAULT not in made:
        # A child patient and a sexual assault: the safeguarding referral is required, due the same day.
        case = services.open_case(
            actor=alice, organisation=trust, summary=CHILD_ASSAULT, categories=["sexual_assault"]
        )
        _triage(alice=alice, case=case, criminal=True)
        born = today.replace(year=today.year - 14, day=min(today.day, 28))
        services.add_party(
            actor=alice,
            case=case,
            version=None,
            role="affected",
            person=staff(kind="patient", name="Maisie Demo", date_of_birth=born.isoformat()),
        )
        services.add_party(
            actor=alice,
            case=case,
            version=None,
            role="subject",
            person=staff(kind="staff", name="Dale Demo", profession="healthcare_support_worker"),
        )
    if NURSE_DISMISSED not in made:
        # A nurse removed from regulated activity, relevant conduct and the harm test met: the DBS
        # barring referral is required with its due date, and the case cannot close until it is made
        # or declined with a reason (on the referral's page).
        case = services.open_case(
            actor=alice,
            organisation=trust,
            summary=NURSE_DISMISSED,
            categories=["unwanted_touching", "sexual_comments"],
        )
        _triage(alice=alice, case=case)
        _, nurse = _involve(
            alice=alice,
            case=case,
            people=[
                (
                    "affected",
                    staff(
                        kind="patient",
                        name="Edith Demo",
                        date_of_birth="1938-02-11",
                        facts=services.PersonFacts(adult_at_risk=True),
                    ),
                ),
                (
                    "subject",
                    staff(
                        kind="staff",
                        name="Gareth Demo",
                        profession="nurse",
                        regulator="NMC",
                        registration_number="12A3499E",
                        facts=services.PersonFacts(in_regulated_activity=True, works_with_children=False),
                    ),
                ),
            ],
        )
        _review(alice=alice, bob=bob, case=case, decision="Exclude and investigate with a specialist.")
        excluded_on = today - timedelta(days=3)
        services.add_interim_measure(
            actor=alice,
            case=case,
            version=None,
            kind="exclusion",
            reason="Excluded while the allegation is investigated.",
            starts_on=excluded_on,
            review_on=excluded_on + timedelta(days=28),
            party=nurse,
        )
        services.assign_investigation(
            actor=alice,
            case=case,
            version=None,
            investigators=[ivy],
            terms_of_reference="Establish what was said and done on the ward.",
        )
        services.record_findings(
            actor=ivy,
            case=case,
            version=None,
            findings="The remarks and the touching were found on the balance of probabilities.",
            finding="substantiated",
        )
        services.record_outcome(
            actor=alice,
            case=case,
            version=None,
            kind="dismissal",
            removed_from_regulated_activity=True,
            left_before_removal=False,
            lessons_learned="Chaperones for intimate care on the ward.",
            relevant_conduct=True,
            harm_test_met=True,
            caution_or_conviction=False,
        )
    if NEEDS_REVIEW_GROUP not in made:
        # A sexual dimension, triaged, everyone assessed and supported: the outcome is refused until
        # the review group decides or an override is recorded with a reason.
        case = services.open_case(
            actor=alice, organisation=trust, summary=NEEDS_REVIEW_GROUP, categories=["unwanted_touching"]
        )
        _triage(alice=alice, case=case, sexual_dimension="possible")
        _involve(
            alice=alice,
            case=case,
            people=[
                ("affected", staff(kind="staff", name="Mia Demo", profession="midwife")),
                ("subject", staff(kind="staff", name="Dr Rob Demo", profession="doctor", regulator="GMC")),
            ],
        )
    report = Report.objects.filter(reference=CONFIDENTIAL_REPORT, case__isnull=True).first()
    if report is not None:
        # A confidential reporter's way back: a message from the handler, then, once the case is
        # closed, the outcome statement, both in the inbox with the demo receipt code (README).
        case = services.open_case_from_report(actor=alice, report=report)
        reporting.send_case_team_message(actor=alice, report=report, text=MESSAGE_TO_REPORTER)
        _triage(alice=alice, case=case)
        _involve(
            alice=alice,
            case=case,
            people=[("subject", staff(kind="staff", name="Theo Demo", profession="other"))],
        )
        _review(alice=alice, bob=bob, case=case, decision="A final written warning; no investigation needed.")
        services.record_outcome(
            actor=alice,
            case=case,
            version=None,
            kind="final_written_warning",
            removed_from_regulated_activity=False,
            left_before_removal=False,
            lessons_learned="Remind theatre staff of the social media policy.",
        )
        if not workflow.check(workflow.Step.CLOSE, selectors.facts_for(case)).allowed:
            services.record_decision(
                actor=alice,
                case=case,
                version=None,
                kind="override:close",
                reason="The referrals were considered at the review group and recorded on paper.",
            )
        services.close(actor=alice, case=case, version=None)
        reporting.write_outcome_statement(actor=alice, report=report, text=OUTCOME_STATEMENT)
