"""What stops a case closing, from its referral records (`cases.hooks.closure_blockers`).

The framework asks that every referral the law requires is made before a case closes: a record the
duties engine still finds as "required" must be sent (or acknowledged), or recorded as not needed
with a reason. A "consider" duty, or one the engine no longer finds, does not stop closure.
"""

from __future__ import annotations

from typing import Any

from rampart.referrals.models import Referral, ReferralStatus

DONE = (ReferralStatus.SENT, ReferralStatus.ACKNOWLEDGED)


def closure_blockers(*, case: Any) -> list[str]:
    """One plain reason for each required referral record neither made nor declined with a reason."""
    blockers = []
    for record in Referral.objects.filter(case=case, duty_status="required", indicated=True):
        if record.status in DONE:
            continue
        if record.status == ReferralStatus.NOT_NEEDED and record.reason.strip():
            continue
        state = "still to do" if record.status == ReferralStatus.TO_DO else "marked not needed with no reason"
        blockers.append(
            f"{record.name} is required and {state}: record it as sent, or as not needed with a reason"
        )
    return blockers
