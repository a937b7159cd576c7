from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class AccessAlertsConfig(AppConfig):
    name = "rampart.access_alerts"
    verbose_name = "EPR access alerts"

    def navigation(self, request: Any) -> list[dict[str, Any]]:
        from rampart.access_alerts.permissions import AccessAlertAction
        from rampart.organisations.current import nav_link

        return nav_link(request, "Access alerts", "/access-alerts/", AccessAlertAction.REVIEW_ACCESS_ALERTS)

    def report_details(self, *, report: Any, user: Any) -> list[Any]:
        """For a report's page: the access events behind a report raised from an access alert
        (the download checks again who may read them, and audits it)."""
        from rampart.access_alerts.selectors import evidence_row

        row = evidence_row(report)
        return [row] if row else []

    def case_panels(self, *, case: Any, user: Any) -> list[Any]:
        """For a case opened from such a report: the same link, in the case's summary list."""
        from rampart.access_alerts.selectors import case_panels

        return case_panels(case=case, user=user)

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
