"""Reads of training records."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from rampart.learning.models import TrainingRecord


def current(course: str, *, on: date) -> Q:
    """A filter for records of a course that are current on a date (see rules.is_current)."""
    return Q(course=course, completed_on__lte=on) & (Q(expires_on__isnull=True) | Q(expires_on__gte=on))


def has_current_training(user: Any, course: str, *, on: date) -> bool:
    return TrainingRecord.objects.filter(current(course, on=on), user=user).exists()


def trained_users(organisation: Any, course: str, *, on: date) -> QuerySet[Any]:
    """Users of an organisation with current training in a course (e.g. specialist investigators)."""
    from django.contrib.auth import get_user_model

    ids = TrainingRecord.objects.filter(
        current(course, on=on), organisation=organisation, user__isnull=False
    ).values("user_id")
    return get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("last_name", "first_name")


def records_for(organisation: Any) -> QuerySet[TrainingRecord]:
    return TrainingRecord.objects.filter(organisation=organisation).select_related("user")
