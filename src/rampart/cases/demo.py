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
    if Case.objects.filter(organisation=trust, report__isnull=True).exists():
        return
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
        for role, name, extra in [
            ("affected", "Person affected", {}),
            (
                "subject",
                "Subject of concern",
                # A different nurse in each case: the patterns demo has its own repeated concerns.
                {
                    "profession": "nurse",
                    "regulator": "NMC",
                    "registration_number": f"12A{3450 + ORDER.index(target)}E",
                },
            ),
        ]:
            party = services.add_party(
                actor=alice,
                case=case,
                version=None,
                role=role,
                person=services.PersonDetails(kind="staff", name=name, **extra),
            )
            services.record_risk_assessment(
                actor=alice,
                case=case,
                version=None,
                party=party,
                risks=["staff"],
                details="Working on the same ward",
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
