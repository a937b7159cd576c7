"""EPR access alerts: the privacy officers of the organisation the scan was run for."""

from __future__ import annotations

from enum import StrEnum

from rampart.accounts.models import Role
from rampart.accounts.permissions import role_here


class AccessAlertAction(StrEnum):
    REVIEW_ACCESS_ALERTS = "access_alerts.review"


RULES = {AccessAlertAction.REVIEW_ACCESS_ALERTS: role_here(Role.PRIVACY_OFFICER)}
