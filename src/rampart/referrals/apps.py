from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "rampart.referrals"
    verbose_name = "Referrals and notifications"

    def navigation(self, request: Any) -> list[dict[str, Any]]:
        """Case handlers see the overdue referrals queue in the header (as on the case list)."""
        from rampart.accounts.permissions import memberships

        if any(role == "case_handler" for _, role in memberships(request.user)):
            return [{"text": "Referrals", "href": "/referrals/"}]
        return []
