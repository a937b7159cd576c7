from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class AccessAlertsConfig(AppConfig):
    name = "rampart.access_alerts"
    verbose_name = "EPR access alerts"

    def navigation(self, request: Any) -> list[dict[str, Any]]:
        from rampart.access_alerts.permissions import AccessAlertAction
        from rampart.core import policy
        from rampart.organisations.current import current_organisation

        org = current_organisation(request)
        if org is not None and policy.allowed(request.user, AccessAlertAction.REVIEW_ACCESS_ALERTS, org):
            return [{"text": "Access alerts", "href": "/access-alerts/"}]
        return []

    def report_details(self, *, report: Any, user: Any) -> list[Any]:
        """For a report's page: the access events behind a report raised from an access alert
        (the download checks again who may read them, and audits it)."""
        from django.urls import reverse

        from rampart.access_alerts.selectors import evidence_for_report
        from rampart.core.plugins import DetailRow

        link = evidence_for_report(report)
        if link is None:
            return []
        return [
            DetailRow(
                "Access events",
                f"Download the {link.rows} access event{'s' if link.rows != 1 else ''} (CSV)",
                href=reverse("access_alerts:evidence", args=[link.public_id]),
                download=True,
                after=" found by the EPR access scan",
            )
        ]

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
