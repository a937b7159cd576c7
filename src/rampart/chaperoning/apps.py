from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class ChaperoningConfig(AppConfig):
    name = "rampart.chaperoning"
    verbose_name = "Chaperoning"

    def navigation(self, request: Any) -> list[dict[str, Any]]:
        from rampart.chaperoning.permissions import ChaperoningAction
        from rampart.core import policy
        from rampart.organisations.current import current_organisation

        org = current_organisation(request)
        if org is not None and (
            policy.allowed(request.user, ChaperoningAction.RECORD_CHAPERONING, org)
            or policy.allowed(request.user, ChaperoningAction.AUDIT_CHAPERONING, org)
        ):
            return [{"text": "Chaperoning", "href": "/chaperoning/"}]
        return []

    def load_demo_data(self, *, orgs: dict[str, Any], users: dict[str, Any]) -> None:
        from rampart.chaperoning.demo import load

        load(orgs=orgs, users=users)
