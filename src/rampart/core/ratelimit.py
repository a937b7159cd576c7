"""A small database-backed rate limiter. Keys are hashes or coarse bucket names, never IP addresses,
so it can guard anonymous pages without identifying anyone.

Every count is one SQL statement (INSERT ... ON CONFLICT ... RETURNING, on SQLite and PostgreSQL),
so parallel requests can never both see room under a limit and both take it."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import connection
from django.db.models import F, Sum
from django.utils import timezone

from rampart.core.models import RateLimitBucket


def _window(now: datetime, seconds: int) -> datetime:
    epoch = int(now.timestamp())
    return datetime.fromtimestamp(epoch - epoch % seconds, tz=now.tzinfo)


def _upsert(key: str, start: datetime, *, below: int | None) -> int | None:
    """Add one to the (key, window) row, creating it at 1; with `below`, only while the count is
    below it. The new count, or None when the limit held it back."""
    q = connection.ops.quote_name
    table, key_col, start_col, count_col = (
        q(RateLimitBucket._meta.db_table),
        q("key"),
        q("window_start"),
        q("count"),
    )
    guard = f" WHERE {table}.{count_col} < %s" if below is not None else ""
    # Only quoted model names are formatted in; every value is a parameter.
    sql = (
        f"INSERT INTO {table} ({key_col}, {start_col}, {count_col}) VALUES (%s, %s, 1) "  # noqa: S608
        f"ON CONFLICT ({key_col}, {start_col}) DO UPDATE SET {count_col} = {table}.{count_col} + 1"
        f"{guard} RETURNING {count_col}"
    )
    params: list[object] = [key, connection.ops.adapt_datetimefield_value(start)]
    if below is not None:
        params.append(below)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return int(row[0]) if row else None


def hit(key: str, *, window_seconds: int, now: datetime | None = None) -> int:
    """Count one event against key in the current window; return the window's count."""
    start = _window(now or timezone.now(), window_seconds)
    counted = _upsert(key, start, below=None)
    assert counted is not None
    return counted


def take(key: str, *, limit: int, window_seconds: int, now: datetime | None = None) -> bool:
    """Check and count in one statement: True (and counted) while the window's count is below
    `limit`, False (and not counted) once it has reached it."""
    if limit <= 0:
        return False
    start = _window(now or timezone.now(), window_seconds)
    return _upsert(key, start, below=limit) is not None


def give_back(key: str, *, window_seconds: int, now: datetime | None = None) -> None:
    """Undo one `take` in the current window (an attempt that turned out not to count)."""
    start = _window(now or timezone.now(), window_seconds)
    found = RateLimitBucket.objects.filter(key=key, window_start=start, count__gt=0)
    found.update(count=F("count") - 1)


def count(key: str, *, window_seconds: int, now: datetime | None = None) -> int:
    now = now or timezone.now()
    found = RateLimitBucket.objects.filter(key=key, window_start=_window(now, window_seconds))
    return found.aggregate(n=Sum("count"))["n"] or 0


def seconds_until_reset(*, window_seconds: int, now: datetime | None = None) -> int:
    now = now or timezone.now()
    return int((_window(now, window_seconds) + timedelta(seconds=window_seconds) - now).total_seconds()) + 1


def prune(older_than: timedelta = timedelta(days=1)) -> int:
    return RateLimitBucket.objects.filter(window_start__lt=timezone.now() - older_than).delete()[0]
