"""Reads of training records."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from rampart.core import policy
from rampart.learning.models import TrainingRecord
from rampart.learning.permissions import LearningAction

if TYPE_CHECKING:
    from rampart.accounts.models import User


def current(course: str, *, on: date) -> Q:
    """A filter for records of a course that are current on a date (see rules.is_current)."""
    return Q(course=course, completed_on__lte=on) & (Q(expires_on__isnull=True) | Q(expires_on__gte=on))


def has_current_training(user: User, course: str, *, on: date) -> bool:
    """Only records kept by an organisation the user works at count: another trust cannot make
    someone it does not employ "trained" by naming them in its records."""
    return TrainingRecord.objects.filter(
        current(course, on=on), user=user, organisation__memberships__user=user
    ).exists()


def trained_users(organisation: Any, course: str, *, on: date) -> QuerySet[Any]:
    """Users of an organisation with current training in a course (e.g. specialist investigators)."""
    from django.contrib.auth import get_user_model

    ids = TrainingRecord.objects.filter(
        current(course, on=on), organisation=organisation, user__isnull=False
    ).values("user_id")
    return (
        get_user_model()
        .objects.filter(pk__in=ids, is_active=True, memberships__organisation=organisation)
        .distinct()
        .order_by("last_name", "first_name")
    )


def members_by_email(organisation: Any, emails: Collection[str]) -> dict[str, Any]:
    """The organisation's own members with these addresses: the only accounts its training records
    may be linked to. Anyone else's address is treated as having no account (no hint who has one)."""
    from django.contrib.auth import get_user_model

    wanted = {e.strip().lower() for e in emails if e and e.strip()}
    if not wanted:
        return {}
    found = get_user_model().objects.filter(email__in=wanted, memberships__organisation=organisation)
    return {u.email: u for u in found.distinct()}


def records_for(user: User, organisation: Any) -> QuerySet[TrainingRecord]:
    """An organisation's training records, for those who manage its training; nothing for anyone else."""
    if not policy.allowed(user, LearningAction.MANAGE_TRAINING, organisation):
        return TrainingRecord.objects.none()
    return TrainingRecord.objects.filter(organisation=organisation).select_related("user")
