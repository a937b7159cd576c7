"""Cases: only the case team, never someone the case is about. Who is on the team and who sees a
case is `cases.selectors` (named handlers and investigators; the review group for referred cases;
the organisation's handlers while nobody is named; never anyone linked to one of its people)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import rules

from rampart.accounts.models import Role
from rampart.accounts.permissions import holds, role_here
from rampart.cases import selectors


class CaseAction(StrEnum):
    OPEN_CASE = "cases.open"
    VIEW_CASE = "cases.view"
    EDIT_CASE = "cases.edit"
    RECORD_REVIEW_DECISION = "cases.record_review_decision"
    INVESTIGATE = "cases.investigate"
    MANAGE_REVIEW_GROUP = "cases.manage_review_group"
    # What parts of the case each member of its team reads (cases.sections). PRODUCT.md: the review
    # group sees the cases referred to it and checks that everyone was assessed and supported; the
    # investigator sees the investigation plan, interviews, evidence and the report.
    VIEW_FINDINGS = "cases.view_findings"
    VIEW_INTERVIEWS_AND_EVIDENCE = "cases.view_interviews_and_evidence"
    VIEW_RISK_AND_SUPPORT = "cases.view_risk_and_support"


def _case_predicate(test: Any) -> Any:
    @rules.predicate(name=test.__name__)
    def predicate(user: Any, case: Any) -> bool:
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return False
        return bool(selectors.is_visible(user, case) and test(user, case))

    return predicate


@_case_predicate
def sees_case(user: Any, case: Any) -> bool:
    return True


@_case_predicate
def handles_case(user: Any, case: Any) -> bool:
    return holds(user, {case.organisation_id}, {Role.CASE_HANDLER}) and (
        selectors.is_on_team(user, case, "handler") or not selectors.has_named_handler(case)
    )


@_case_predicate
def reviews_case(user: Any, case: Any) -> bool:
    return selectors.is_review_group_member(user, case)


@_case_predicate
def investigates_case(user: Any, case: Any) -> bool:
    return selectors.is_on_team(user, case, "investigator")


RULES = {
    CaseAction.OPEN_CASE: role_here(Role.CASE_HANDLER),
    CaseAction.VIEW_CASE: sees_case,
    CaseAction.EDIT_CASE: handles_case,
    CaseAction.RECORD_REVIEW_DECISION: handles_case | reviews_case,
    CaseAction.INVESTIGATE: handles_case | investigates_case,
    CaseAction.MANAGE_REVIEW_GROUP: role_here(Role.ADMINISTRATOR),
    CaseAction.VIEW_FINDINGS: handles_case | investigates_case | reviews_case,
    CaseAction.VIEW_INTERVIEWS_AND_EVIDENCE: handles_case | investigates_case,
    CaseAction.VIEW_RISK_AND_SUPPORT: handles_case | reviews_case,
}
