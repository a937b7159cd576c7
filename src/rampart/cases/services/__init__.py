"""Writes to cases, by what a user recognises: `lifecycle` (open, triage, the steps, the case team,
close, reopen), `people` (people and parties, risk, support, linking an account), `investigation`
(investigators, interviews, evidence, findings, outcome), `review_group` (referral, decision, members,
meetings) and `measures` (interim measures, police liaison).

Every write to a case has one shape, `_write.case_write`: the policy checked first, one transaction,
the next `Case.version` claimed (a stale form gets `Conflict`), a timeline entry and an audit entry,
and `cases.hooks.case_changed` for the apps that plug into the case. Callers use this package:
`from rampart.cases import services; services.add_party(...)`.
"""

from rampart.cases.services._write import Conflict, StepRefused
from rampart.cases.services.investigation import (
    add_evidence,
    add_interview,
    assign_investigation,
    record_findings,
    record_outcome,
)
from rampart.cases.services.lifecycle import (
    add_team_member,
    close,
    hand_over,
    open_case,
    open_case_from_report,
    record_decision,
    remove_team_member,
    reopen,
    reporter_revealed,
    reveal_reporter,
    triage,
)
from rampart.cases.services.measures import (
    add_interim_measure,
    end_interim_measure,
    review_interim_measure,
    update_police_liaison,
)
from rampart.cases.services.people import (
    PersonDetails,
    PersonFacts,
    add_party,
    birth_key,
    link_account,
    record_person,
    record_risk_assessment,
    record_support_offer,
    unlink_account,
    update_person_facts,
)
from rampart.cases.services.review_group import (
    arrange_review_meeting,
    record_review_decision,
    refer_to_review_group,
    remove_review_group_member,
    set_review_group_member,
)

__all__ = [
    "Conflict",
    "PersonDetails",
    "PersonFacts",
    "StepRefused",
    "add_evidence",
    "add_interim_measure",
    "add_interview",
    "add_party",
    "add_team_member",
    "arrange_review_meeting",
    "assign_investigation",
    "birth_key",
    "close",
    "end_interim_measure",
    "hand_over",
    "link_account",
    "open_case",
    "open_case_from_report",
    "record_decision",
    "record_findings",
    "record_outcome",
    "record_person",
    "record_review_decision",
    "record_risk_assessment",
    "record_support_offer",
    "refer_to_review_group",
    "remove_review_group_member",
    "remove_team_member",
    "reopen",
    "reporter_revealed",
    "reveal_reporter",
    "review_interim_measure",
    "set_review_group_member",
    "triage",
    "unlink_account",
    "update_person_facts",
    "update_police_liaison",
]
