"""Assurance: board members and administrators self-assess; a board member (the named executive)
approves; in a primary care provider the case handler or administrator acts for the practice. ICB
leads oversee their providers; analysts see roll-ups for their region or the country."""

from __future__ import annotations

from enum import StrEnum

from rampart.accounts.models import Role
from rampart.accounts.permissions import role_here
from rampart.organisations.permissions import is_analyst_over, is_icb_lead_over, is_primary_care


class AssuranceAction(StrEnum):
    VIEW_ASSESSMENT = "assurance.view_assessment"
    EDIT_ASSESSMENT = "assurance.edit_assessment"
    APPROVE_ASSESSMENT = "assurance.approve_assessment"
    MANAGE_WORKFORCE_FIGURES = "assurance.manage_workforce_figures"
    CONFIRM_CHARTER_PROGRESS = "assurance.confirm_charter_progress"
    OVERSEE_PROVIDERS = "assurance.oversee_providers"
    VIEW_ROLLUP = "assurance.view_rollup"


_primary_care_staff = is_primary_care & role_here(Role.CASE_HANDLER, Role.ADMINISTRATOR)
_board_or_admin = role_here(Role.BOARD_MEMBER, Role.ADMINISTRATOR)

RULES = {
    AssuranceAction.VIEW_ASSESSMENT: _board_or_admin | _primary_care_staff | is_icb_lead_over,
    AssuranceAction.EDIT_ASSESSMENT: _board_or_admin | _primary_care_staff,
    AssuranceAction.APPROVE_ASSESSMENT: role_here(Role.BOARD_MEMBER)
    | (is_primary_care & role_here(Role.ADMINISTRATOR)),
    AssuranceAction.MANAGE_WORKFORCE_FIGURES: role_here(Role.ADMINISTRATOR),
    AssuranceAction.CONFIRM_CHARTER_PROGRESS: _primary_care_staff,
    AssuranceAction.OVERSEE_PROVIDERS: is_icb_lead_over,
    AssuranceAction.VIEW_ROLLUP: is_analyst_over,
}
