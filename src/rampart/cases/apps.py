from __future__ import annotations

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
        if obj._meta.label_lower != "reporting.report":
            return False
        from rampart.cases.linking import about_user

        return about_user(user, obj)

    def load_demo_data(self, *, orgs: dict[str, Any], users: dict[str, Any]) -> None:
        from rampart.cases.demo import load

        load(orgs=orgs, users=users)


def _held(user: Any) -> frozenset[tuple[int, str]]:
    from rampart.core.policy import memberships

    return memberships(user)
