"""Cumulative patterns: anyone working at an organisation may record a weak signal there; only its
case handlers see signals, confirm uncertain matches and review pattern alerts."""

from __future__ import annotations

from enum import StrEnum

from rampart.accounts.models import Role
from rampart.accounts.permissions import role_here
from rampart.organisations.permissions import is_member


class PatternAction(StrEnum):
    RECORD_WEAK_SIGNAL = "patterns.record_signal"
    VIEW_PATTERNS = "patterns.view"
    CONFIRM_MATCH = "patterns.confirm_match"
    REVIEW_PATTERN_ALERT = "patterns.review_alert"


RULES = {
    PatternAction.RECORD_WEAK_SIGNAL: is_member,
    PatternAction.VIEW_PATTERNS: role_here(Role.CASE_HANDLER),
    PatternAction.CONFIRM_MATCH: role_here(Role.CASE_HANDLER),
    PatternAction.REVIEW_PATTERN_ALERT: role_here(Role.CASE_HANDLER),
}
