"""Referrals: who works a notification queue. Referral records themselves follow their case
(`cases.permissions`); a notification delivered to an ICB or a region is for the staff there who
receive them (`rules.RECIPIENT_ROLES`: the ICB lead; at a region, the MDSIPS team's case handlers),
never for anyone else, another ICB's lead included."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import rules as predicates

from rampart.accounts.permissions import holds
from rampart.referrals import rules


class ReferralAction(StrEnum):
    # Objects: the recipient organisation (its queue) or a notification delivered to it.
    RECEIVE_NOTIFICATIONS = "referrals.receive_notifications"


@predicates.predicate
def receives_notifications(user: Any, obj: Any) -> bool:
    org = obj.recipient if hasattr(obj, "recipient_id") else obj
    role = rules.RECIPIENT_ROLES.get(org.kind)
    return role is not None and holds(user, {org.pk}, {role})


RULES = {ReferralAction.RECEIVE_NOTIFICATIONS: receives_notifications}
