from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "rampart.reporting"
    verbose_name = "Reporting"

    def navigation(self, request: Any) -> list[dict[str, Any]]:
        from rampart.organisations.current import nav_link
        from rampart.reporting.permissions import ReportingAction

        return nav_link(request, "Reports", "/triage/", ReportingAction.TRIAGE_REPORTS)

    def load_demo_data(self, *, orgs: dict[str, Any], users: dict[str, Any]) -> None:
        from rampart.reporting.demo import load

        load(orgs=orgs, users=users)

    def sweep(self) -> dict[str, int]:
        from rampart.reporting.services import send_due_notices, sweep_drafts, sweep_sign_in_links

        return {
            "unfinished report drafts deleted": sweep_drafts(),
            "expired reporter sign-in links deleted": sweep_sign_in_links(),
            "case handlers told of reports and messages": send_due_notices(),
        }
