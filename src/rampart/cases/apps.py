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

    def load_demo_data(self, *, orgs: dict[str, Any], users: dict[str, Any]) -> None:
        from rampart.cases.demo import load

        load(orgs=orgs, users=users)


def _held(user: Any) -> frozenset[tuple[int, str]]:
    from rampart.core.policy import memberships

    return memberships(user)
