"""A small database-backed rate limiter. Keys are hashes or coarse bucket names, never IP addresses,
so it can guard anonymous pages without identifying anyone."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from rampart.core.models import RateLimitBucket


def _window(now: datetime, seconds: int) -> datetime:
    epoch = int(now.timestamp())
    return datetime.fromtimestamp(epoch - epoch % seconds, tz=now.tzinfo)


def hit(key: str, *, window_seconds: int, now: datetime | None = None) -> int:
    """Count one event against key in the current window; return the window's count."""
    now = now or timezone.now()
    start = _window(now, window_seconds)
    with transaction.atomic():
        updated = RateLimitBucket.objects.filter(key=key, window_start=start).update(count=F("count") + 1)
        if not updated:
            try:
                with transaction.atomic():
                    RateLimitBucket.objects.create(key=key, window_start=start, count=1)
            except IntegrityError:
                RateLimitBucket.objects.filter(key=key, window_start=start).update(count=F("count") + 1)
    return RateLimitBucket.objects.get(key=key, window_start=start).count


def count(key: str, *, window_seconds: int, now: datetime | None = None) -> int:
    now = now or timezone.now()
    found = RateLimitBucket.objects.filter(key=key, window_start=_window(now, window_seconds))
    return found.aggregate(n=Sum("count"))["n"] or 0


def seconds_until_reset(*, window_seconds: int, now: datetime | None = None) -> int:
    now = now or timezone.now()
    return int((_window(now, window_seconds) + timedelta(seconds=window_seconds) - now).total_seconds()) + 1


def prune(older_than: timedelta = timedelta(days=1)) -> int:
    return RateLimitBucket.objects.filter(window_start__lt=timezone.now() - older_than).delete()[0]
