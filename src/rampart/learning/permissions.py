"""Training records: the organisation's administrators keep them."""

from __future__ import annotations

from enum import StrEnum

from rampart.accounts.models import Role
from rampart.accounts.permissions import role_here


class LearningAction(StrEnum):
    MANAGE_TRAINING = "learning.manage_training"


RULES = {LearningAction.MANAGE_TRAINING: role_here(Role.ADMINISTRATOR)}
