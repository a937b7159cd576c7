"""Optimistic locking: two people editing one record. A record that two people may edit at once keeps a
version number; every change names the version its form was loaded with and claims the next one, so
the second to save gets `Conflict` (a 409 with their answers kept) instead of overwriting the first.

Used by every case write (`cases.services`) and every referral record write (`referrals.services`).
"""

from __future__ import annotations

from django.db import models
from django.db.models import F

from rampart.core.errors import Conflict

__all__ = ["Conflict", "claim_version"]


def claim_version(obj: models.Model, version: int | None, *, field: str = "version") -> None:
    """Claim the next version of `obj`, or raise `Conflict` if someone else changed it since
    `version` (the version the form was loaded with; None: the one `obj` was read with).

    One conditional UPDATE, so it also locks the row until the caller's transaction ends: call it
    inside that transaction, before the rest of the change."""
    current: int = getattr(obj, field) if version is None else version
    claimed = type(obj)._default_manager.filter(pk=obj.pk, **{field: current}).update(**{field: F(field) + 1})
    if not claimed:
        raise Conflict
    setattr(obj, field, current + 1)
