"""The report's plug-in points: apps above reporting (access_alerts, cases) add to a report's page
through their `AppConfig`, so reporting imports none of them.

- `report_details(*, report, user)`: rows (`core.plugins.DetailRow`) for the report's summary list,
  for someone the policy already lets read the report (VIEW_REPORT). Access alerts: the access
  events behind a report raised from an alert.
- `reporter_revealed(*, actor, report, reason)`: after `services.reveal_identity` (cases: a timeline
  entry on the case opened from the report).
- `actions_taken(*, organisation, since, until)`: counts for the organisation's public "you said, we did"
  page, each a `(label, count)` of something done from `since` to `until` (whole months, so no count
  moves from one day to the next) on cases opened from its reports
  (cases closed with an outcome, measures, referrals made). Plain counts only: reporting shows any
  under 5 as "fewer than 5", and the page is public, so an app gives nothing it would not publish.
"""

from __future__ import annotations

from datetime import date
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


class ActionsTaken(Protocol):
    def __call__(self, *, organisation: Any, since: date, until: date) -> list[tuple[str, int]]: ...


def actions_taken(*, organisation: Any, since: date, until: date) -> list[tuple[str, int]]:
    """Every app's counts of actions taken on the organisation's reports from `since` to `until`
    (both days included)."""
    counts: list[tuple[str, int]] = []
    hook: ActionsTaken
    for hook in implementations("actions_taken"):
        counts.extend(hook(organisation=organisation, since=since, until=until))
    return counts
