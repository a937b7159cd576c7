from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class AccessAlertsConfig(AppConfig):
    name = "rampart.access_alerts"
    verbose_name = "EPR access alerts"

    def navigation(self, request: Any) -> list[dict[str, Any]]:
        from rampart.accounts.current import current_organisation
        from rampart.core import policy

        org = current_organisation(request)
        if org is not None and policy.allowed(request.user, policy.Action.REVIEW_ACCESS_ALERTS, org):
            return [{"text": "Access alerts", "href": "/access-alerts/"}]
        return []

    def load_demo_data(self, *, orgs: dict[str, Any], users: dict[str, Any]) -> None:
        """A handful of made-up alerts for Riverside, imported by Priya; importing again adds
        nothing (the alerts are found by their keyed hash)."""
        from rampart.access_alerts import demo, services
        from rampart.access_alerts.models import AlertImport

        priya, riverside = users["priya.privacy@riverside.example"], orgs["R1A"]
        if AlertImport.objects.filter(organisation=riverside, imported_by=priya).exists():
            return
        services.import_scan(
            actor=priya,
            organisation=riverside,
            source="demo scan",
            alerts=demo.ALERTS,
            events=demo.events(),
            summary=demo.SUMMARY,
        )
