from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "rampart.organisations"
    verbose_name = "Organisations"

    def navigation(self, request: Any) -> list[dict[str, Any]]:
        return [{"text": "Organisations", "href": "/organisations/"}]

    def layout_context(self, request: Any, *, signed_in: bool) -> dict[str, Any]:
        """For every page's layout: the organisation this person works in now, and those they may
        switch to (none for a page rendered to someone not signed in)."""
        from rampart.organisations.current import current_organisation
        from rampart.organisations.permissions import visible_organisations

        if not signed_in:
            return {"current_organisation": None, "my_organisations": []}
        return {
            "current_organisation": current_organisation(request),
            "my_organisations": list(visible_organisations(request.user)),
        }
