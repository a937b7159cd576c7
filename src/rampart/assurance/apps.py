from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class AssuranceConfig(AppConfig):
    name = "rampart.assurance"
    verbose_name = "Assurance"

    def ready(self) -> None:
        # Load and check every framework file now: a file with a mistake stops start-up with the
        # file, line and problem, rather than failing later on somebody's page.
        from rampart.assurance.selectors import frameworks

        frameworks()

    def navigation(self, request: Any) -> list[dict[str, Any]]:
        from rampart.accounts.permissions import memberships
        from rampart.assurance.permissions import AssuranceAction
        from rampart.core import policy
        from rampart.organisations.models import Organisation

        user = request.user
        own = Organisation.objects.filter(pk__in={o for o, _ in memberships(user)})
        actions = (
            AssuranceAction.VIEW_ASSESSMENT,
            AssuranceAction.OVERSEE_PROVIDERS,
            AssuranceAction.VIEW_ROLLUP,
        )
        if any(policy.allowed(user, a, org) for org in own for a in actions):
            return [{"text": "Assurance", "href": "/assurance/"}]
        return []

    def load_demo_data(self, *, orgs: dict[str, Any], users: dict[str, Any]) -> None:
        from rampart.assurance.demo import load

        load(orgs=orgs, users=users)
