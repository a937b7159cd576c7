"""The report's plug-in points: apps above reporting (access_alerts, cases) add to a report's page
through their `AppConfig`, so reporting imports none of them.

- `report_details(*, report, user)`: rows (`core.plugins.DetailRow`) for the report's summary list,
  for someone the policy already lets read the report (VIEW_REPORT). Access alerts: the access
  events behind a report raised from an alert.
- `reporter_revealed(*, actor, report, reason)`: after `services.reveal_identity` (cases: a timeline
  entry on the case opened from the report).
"""

from __future__ import annotations

from typing import Any, Protocol

from rampart.core.plugins import DetailRow, implementations


class ReportDetails(Protocol):
    def __call__(self, *, report: Any, user: Any) -> list[DetailRow]: ...


def report_details(*, report: Any, user: Any) -> list[DetailRow]:
    """Every app's extra rows for this report's summary list, in `INSTALLED_APPS` order."""
    rows: list[DetailRow] = []
    hook: ReportDetails
    for hook in implementations("report_details"):
        rows.extend(hook(report=report, user=user))
    return rows
