from __future__ import annotations

from datetime import date
from typing import Any

from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "rampart.cases"
    verbose_name = "Case management"

    def navigation(self, request: Any) -> list[dict[str, Any]]:
        from rampart.cases.selectors import visible_cases

        # Memberships are already read for the request: ask the database only when they do not decide.
        if any(r == "case_handler" for _, r in _held(request.user)) or visible_cases(request.user).exists():
            return [{"text": "Cases", "href": "/cases/"}]
        return []

    def about_user(self, user: Any, obj: Any) -> bool:
        """For the policy: a report whose case has the user among its people is about them."""
        return obj.pk in self.records_about_user(user, obj._meta.label_lower)

    def records_about_user(self, user: Any, label: str) -> frozenset[int]:
        """For the policy's `records_about`: the reports whose case has the user among its people."""
        if label != "reporting.report":
            return frozenset()
        from rampart.cases.linking import reports_about

        return reports_about(user)

    def reporter_revealed(self, *, actor: Any, report: Any, reason: str) -> None:
        from rampart.cases.services import reporter_revealed

        reporter_revealed(actor=actor, report=report, reason=reason)

    def actions_taken(self, *, organisation: Any, since: date, until: date) -> list[tuple[str, int]]:
        """For the organisation's public "you said, we did" page (reporting.hooks): on the cases
        opened from its reports, those closed from `since` to `until` with an outcome, and the
        interim measures put in place then. Plain counts: reporting shows any under 5 as "fewer than 5"."""
        from rampart.cases.selectors import actions_taken

        return actions_taken(organisation=organisation, since=since, until=until)

    def load_demo_data(self, *, orgs: dict[str, Any], users: dict[str, Any]) -> None:
        from rampart.cases.demo import load

        load(orgs=orgs, users=users)


def _held(user: Any) -> frozenset[tuple[int, str]]:
    from rampart.accounts.permissions import memberships

    return memberships(user)
