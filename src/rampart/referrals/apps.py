from __future__ import annotations

from datetime import date
from typing import Any

from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "rampart.referrals"
    verbose_name = "Referrals and notifications"

    def navigation(self, request: Any) -> list[dict[str, Any]]:
        """Case handlers see the referrals to do in the header (as on the case list); those who
        receive notifications at the organisation they work in now see its queue."""
        from rampart.accounts.permissions import memberships
        from rampart.organisations.current import current_organisation, nav_link
        from rampart.referrals.permissions import ReferralAction

        links = []
        if any(role == "case_handler" for _, role in memberships(request.user)):
            links.append({"text": "Referrals", "href": "/referrals/"})
        org = current_organisation(request)
        if org is not None:
            links += nav_link(
                request,
                "Notifications",
                f"/referrals/notifications/{org.ods_code}/",
                ReferralAction.RECEIVE_NOTIFICATIONS,
            )
        return links

    def load_demo_data(self, *, orgs: dict[str, Any], users: dict[str, Any]) -> None:
        """A practice's notification about a performer, in the region's queue (docs/notifications.md)."""
        from rampart.referrals.demo import load

        load(orgs=orgs, users=users)

    def actions_taken(self, *, organisation: Any, since: date, until: date) -> list[tuple[str, int]]:
        """For the organisation's public "you said, we did" page (reporting.hooks): the referrals and
        notifications made (sent, or sent and acknowledged) from `since` to `until` on the cases opened from
        its reports. A plain count: reporting shows one under 5 as "fewer than 5"."""
        from rampart.referrals.selectors import referrals_made

        return [
            (
                "Referrals and notifications made",
                referrals_made(organisation=organisation, since=since, until=until),
            )
        ]

    def case_changed(self, *, case: Any, actor: Any) -> None:
        """Inside every write to a case: its referral records follow what the duties engine now
        finds, committing or rolling back with the write (never on a read of the case)."""
        from rampart.referrals.services import keep_in_step

        keep_in_step(case=case, actor=actor)

    def case_panels(self, *, case: Any, user: Any) -> list[Any]:
        """The case's referral records: on its page under each duty, and in the case API."""
        from rampart.referrals.selectors import case_panels

        return case_panels(case=case, user=user)

    def closure_blockers(self, *, case: Any) -> list[str]:
        """The case's required referral records neither made nor declined with a reason: it may not
        close while there are any, unless an override is recorded (cases.workflow)."""
        from rampart.referrals.closure import closure_blockers

        return closure_blockers(case=case)

    def organisation_changed(self, *, organisation: Any) -> None:
        """An organisation's settings (CQC registration, regulated activity) are facts the duties
        depend on: its open cases' records follow them, inside the change's transaction."""
        from rampart.referrals.services import follow_organisation

        follow_organisation(organisation=organisation)
