"""Chaperoning: clinicians record; the people on a record see it; handlers and admins audit."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import rules

from rampart.accounts.models import Role
from rampart.accounts.permissions import holds, role_at, role_here


class ChaperoningAction(StrEnum):
    RECORD_CHAPERONING = "chaperoning.record"
    AUDIT_CHAPERONING = "chaperoning.audit"
    VIEW_CHAPERONE_RECORD = "chaperoning.view_record"
    AMEND_CHAPERONE_RECORD = "chaperoning.amend_record"
    RAISE_CHAPERONE_CONCERN = "chaperoning.raise_concern"


def _on_record(*fields: str) -> Any:
    """The user is named on a chaperone record (as one of `fields`) and still works there."""

    @rules.predicate(name=f"named_on_record_as_{'_or_'.join(fields)}")
    def predicate(user: Any, record: Any) -> bool:
        named = any(getattr(record, f"{f}_id") == user.pk for f in fields)
        return named and holds(user, {record.organisation_id})

    return predicate


audits_record = role_at("organisation", Role.CASE_HANDLER, Role.ADMINISTRATOR)

RULES = {
    ChaperoningAction.RECORD_CHAPERONING: role_here(Role.CLINICIAN),
    ChaperoningAction.AUDIT_CHAPERONING: role_here(Role.CASE_HANDLER, Role.ADMINISTRATOR),
    ChaperoningAction.VIEW_CHAPERONE_RECORD: _on_record("recorded_by", "examiner", "chaperone_user")
    | audits_record,
    ChaperoningAction.AMEND_CHAPERONE_RECORD: _on_record("recorded_by"),
    ChaperoningAction.RAISE_CHAPERONE_CONCERN: _on_record("recorded_by", "chaperone_user"),
}
