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

    def case_changed(self, *, case: Any, actor: Any) -> None:
        """Inside every write to a case: its referral records follow what the duties engine now
        finds, committing or rolling back with the write (never on a read of the case)."""
        from rampart.referrals.services import keep_in_step

        keep_in_step(case=case, actor=actor)

    def case_panels(self, *, case: Any, user: Any) -> list[Any]:
        """The case's referral records: on its page under each duty, and in the case API."""
        from rampart.referrals.selectors import case_panels

        return case_panels(case=case, user=user)

    def organisation_changed(self, *, organisation: Any) -> None:
        """An organisation's settings (CQC registration, regulated activity) are facts the duties
        depend on: its open cases' records follow them, inside the change's transaction."""
        from rampart.referrals.services import follow_organisation

        follow_organisation(organisation=organisation)
