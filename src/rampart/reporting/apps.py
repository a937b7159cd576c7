from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "rampart.reporting"
    verbose_name = "Reporting"

    def navigation(self, request: Any) -> list[dict[str, Any]]:
        from rampart.core import policy
        from rampart.organisations.current import current_organisation
        from rampart.reporting.permissions import ReportingAction

        org = current_organisation(request)
        if org is not None and policy.allowed(request.user, ReportingAction.TRIAGE_REPORTS, org):
            return [{"text": "Reports", "href": "/triage/"}]
        return []

    def load_demo_data(self, *, orgs: dict[str, Any], users: dict[str, Any]) -> None:
        from rampart.reporting.demo import load

        load(orgs=orgs, users=users)

    def sweep(self) -> dict[str, int]:
        from rampart.reporting.services import send_due_notices, sweep_drafts

        return {
            "unfinished report drafts deleted": sweep_drafts(),
            "case handlers told of reports and messages": send_due_notices(),
        }
