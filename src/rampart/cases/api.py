"""Staff API for cases: a personal token sees exactly the cases its user sees in the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from rampart.cases import selectors, workflow
from rampart.cases.models import Case
from rampart.cases.permissions import CaseAction
from rampart.core import audit, policy
from rampart.core.models import AuditAction

router = Router(tags=["cases"])
# Far beyond any organisation's cases, and small enough for every database's integers.
MAX_OFFSET = 1_000_000_000


class CaseSummary(Schema):
    reference: str
    organisation: str
    state: str
    priority: str
    opened_at: dt.datetime


class CaseList(Schema):
    results: list[CaseSummary]
    next_offset: int | None


class CaseDetail(CaseSummary):
    summary: str
    sexual_dimension: str
    allowed_steps: list[str]
    duties: list[dict[str, Any]] = Field(
        description="The duties the case page lists, in its order, each as the duties engine gives it "
        "(`code`, `status`, `basis`, `due`, `reason`, `recipient`) with `done` (what, on, by: null while "
        "not done), `because` (the recorded facts it turns on) and `questions` (facts not yet known that "
        "could change it)"
    )
    questions: list[str] = Field(description="Every fact not yet known that could change a duty")
    panels: dict[str, Any] = Field(
        description="What other apps keep about the case, as its page shows it: `referral_records` "
        "(each referral duty's record; a notification delivered inside Rampart with its `notification`: "
        "recipient, delivered_on, acknowledged, acknowledged_on, chase_on, not_acknowledged_past_due), "
        "`held_elsewhere` (linked subjects other organisations hold "
        "concerns about, and whom to ask), `access_events` (a case from an EPR access alert)"
    )


def _summary(case: Any) -> dict[str, Any]:
    return {
        "reference": case.reference,
        "organisation": case.organisation.ods_code,
        "state": case.state,
        "priority": case.priority,
        "opened_at": case.opened_at,
    }


@router.get("/cases", response=CaseList, summary="Cases the token's user may see (newest first)")
def list_cases(
    request: HttpRequest,
    state: str = "",
    offset: int = Query(0, ge=0, le=MAX_OFFSET, description="From `next_offset` of the previous page"),
    limit: int = Query(50, description="Cases per page, 1 to 200 (outside that, the nearest)"),
) -> dict[str, Any]:
    limit = max(1, min(limit, 200))
    cases = selectors.visible_cases(request.user).select_related("organisation").order_by("-opened_at")
    if state:
        cases = cases.filter(state=state)
    page = list(cases[offset : offset + limit + 1])
    return {
        "results": [_summary(c) for c in page[:limit]],
        "next_offset": offset + limit if len(page) > limit else None,
    }


@router.get(
    "/cases/{reference}",
    response=CaseDetail,
    summary="One case, its next steps, its duties and what other apps keep about it",
)
def get_case(request: HttpRequest, reference: str) -> dict[str, Any]:
    # Only reads: the policy's checks reuse what `case_for_page` read about this person and case.
    case = selectors.case_for_page(request.user, reference)
    if case is None or not policy.allowed(request.user, CaseAction.VIEW_CASE, case):
        try:
            policy.not_found(request.user, Case, attempted=str(CaseAction.VIEW_CASE), reference=reference)
        except Http404:
            raise HttpError(404, "no case with this reference that you may see") from None
    overview = selectors.case_overview(request.user, case)  # the case page's overview
    audit.record(
        actor=request.user,
        action=AuditAction.READ,
        obj=case,
        organisation=case.organisation,
        detail={"via": "api"},
    )
    facts, panel = overview.facts, overview.duty_panel
    assert panel is not None
    return {
        **_summary(case),
        "summary": case.summary,
        "sexual_dimension": case.sexual_dimension,
        "allowed_steps": [
            s.value for s in workflow.available_steps(facts) if workflow.check(s, facts).allowed
        ],
        "duties": [row.to_json() for row in panel.rows],
        "questions": [q.text for q in panel.questions],
        "panels": overview.data,
    }
