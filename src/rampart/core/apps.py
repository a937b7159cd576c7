from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "rampart.core"
    verbose_name = "Core"

    def navigation(self, request: Any) -> list[dict[str, Any]]:
        return [{"text": "Your work", "href": "/home/"}]
