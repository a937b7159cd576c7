from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "rampart.sharing"
    verbose_name = "Information sharing"

    def navigation(self, request: Any) -> list[dict[str, Any]]:
        from rampart.core import policy
        from rampart.organisations.current import current_organisation
        from rampart.sharing.permissions import SharingAction

        org = current_organisation(request)
        if org is not None and (
            policy.allowed(request.user, SharingAction.RUN_ONBOARDING_CHECK, org)
            or policy.allowed(request.user, SharingAction.PREPARE_DISCLOSURE, org)
        ):
            return [{"text": "Sharing", "href": "/sharing/"}]
        return []

    def case_panels(self, *, case: Any, user: Any) -> list[Any]:
        """On the case page, after the people involved: who else holds concerns about its subjects."""
        from rampart.sharing.selectors import case_panels

        return case_panels(case=case, user=user)

    def load_demo_data(self, *, orgs: dict[str, Any], users: dict[str, Any]) -> None:
        from rampart.sharing.demo import load

        load(orgs=orgs, users=users)
