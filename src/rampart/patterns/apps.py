from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class PatternsConfig(AppConfig):
    name = "rampart.patterns"
    verbose_name = "Cumulative patterns"

    def person_recorded(self, *, person: Any, party: Any = None) -> None:
        """Called by cases after a person is added to a case: subjects of concern are linked."""
        from rampart.patterns.services import person_recorded

        person_recorded(person=person, party=party)

    def about_user(self, user: Any, obj: Any) -> bool:
        """For the policy: whether a weak signal, pattern alert or possible match is about the user."""
        from rampart.patterns.models import MatchCandidate, PatternAlert, WeakSignal
        from rampart.patterns.selectors import about_user

        return isinstance(obj, WeakSignal | PatternAlert | MatchCandidate) and about_user(user, obj)

    def navigation(self, request: Any) -> list[dict[str, Any]]:
        from rampart.organisations.current import nav_link
        from rampart.patterns.permissions import PatternAction

        return nav_link(request, "Patterns", "/patterns/", PatternAction.VIEW_PATTERNS) + nav_link(
            request, "Record a worry", "/patterns/signals/new/", PatternAction.RECORD_WEAK_SIGNAL
        )

    def load_demo_data(self, *, orgs: dict[str, Any], users: dict[str, Any]) -> None:
        from rampart.patterns.demo import load

        load(orgs=orgs, users=users)
