"""Reports: the case handlers of the organisation a report was made to, while no case exists; once a
case is opened from the report, need to know follows the case. Reporting sits below cases, so it asks
the one rule set for the case's own rules by name (`cases.view`, `cases.edit`), never importing cases."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import rules

from rampart.accounts.models import Role
from rampart.accounts.permissions import holds, role_here
from rampart.core import policy

# The case rules a report defers to once a case exists (cases.permissions.CaseAction's values).
_SEES_CASE = "cases.view"
_HANDLES_CASE = "cases.edit"


class ReportingAction(StrEnum):
    TRIAGE_REPORTS = "reporting.triage"
    VIEW_REPORT = "reporting.view_report"
    REVEAL_REPORTER = "reporting.reveal_reporter"
    MESSAGE_REPORTER = "reporting.message_reporter"
    MANAGE_SIGNPOSTING = "reporting.manage_signposting"
    WRITE_OUTCOME_STATEMENT = "reporting.write_outcome_statement"


def _case_of(report: Any) -> Any:
    """The case opened from a report, or None (the reverse one-to-one, cached on the report)."""
    return getattr(report, "case", None)


def _follows_case(rule: str) -> Any:
    @rules.predicate(name=f"handler_for_report_then_{rule.replace('.', '_')}")
    def predicate(user: Any, report: Any) -> bool:
        if not holds(user, {report.organisation_id}, {Role.CASE_HANDLER}):
            return False
        case = _case_of(report)
        return case is None or policy.satisfies(user, rule, case)

    return predicate


# A case handler where the report was made, while no case exists; once one does, only someone who
# sees that case (reading the report) or handles it (never its investigators or review group:
# messaging the reporter and revealing who they are).
sees_cases_for_report = _follows_case(_SEES_CASE)
handles_cases_for_report = _follows_case(_HANDLES_CASE)

RULES = {
    ReportingAction.TRIAGE_REPORTS: role_here(Role.CASE_HANDLER),
    ReportingAction.VIEW_REPORT: sees_cases_for_report,
    ReportingAction.REVEAL_REPORTER: handles_cases_for_report,
    ReportingAction.MESSAGE_REPORTER: handles_cases_for_report,
    ReportingAction.MANAGE_SIGNPOSTING: role_here(Role.ADMINISTRATOR),
    # The outcome statement is the handler's word to the reporter: those who handle the case (never
    # its investigators or review group), or the report's case handlers while no case exists.
    ReportingAction.WRITE_OUTCOME_STATEMENT: handles_cases_for_report,
}
