from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class ChaperoningConfig(AppConfig):
    name = "rampart.chaperoning"
    verbose_name = "Chaperoning"

    def navigation(self, request: Any) -> list[dict[str, Any]]:
        from rampart.chaperoning.permissions import ChaperoningAction
        from rampart.organisations.current import nav_link

        return nav_link(
            request,
            "Chaperoning",
            "/chaperoning/",
            ChaperoningAction.RECORD_CHAPERONING,
            ChaperoningAction.AUDIT_CHAPERONING,
        )

    def load_demo_data(self, *, orgs: dict[str, Any], users: dict[str, Any]) -> None:
        from rampart.chaperoning.demo import load

        load(orgs=orgs, users=users)
