from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "rampart.organisations"
    verbose_name = "Organisations"

    def navigation(self, request: Any) -> list[dict[str, Any]]:
        return [{"text": "Organisations", "href": "/organisations/"}]
