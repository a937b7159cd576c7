"""core.ratelimit: every count is one statement, so parallel requests never share one free place."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection, connections

from rampart.core import ratelimit
from rampart.core.models import RateLimitBucket

NOW = datetime(2026, 12, 2, 14, 23, 45, tzinfo=UTC)


@pytest.mark.django_db
def test_hit_counts_each_event_in_its_window():
    assert [ratelimit.hit("k", window_seconds=600, now=NOW) for _ in range(3)] == [1, 2, 3]
    assert ratelimit.count("k", window_seconds=600, now=NOW) == 3
    assert ratelimit.hit("k", window_seconds=600, now=NOW + timedelta(minutes=10)) == 1


@pytest.mark.django_db
def test_take_stops_at_the_limit_and_does_not_count_refusals():
    taken = [ratelimit.take("k", limit=3, window_seconds=600, now=NOW) for _ in range(5)]
    assert taken == [True, True, True, False, False]
    assert RateLimitBucket.objects.get(key="k").count == 3


@pytest.mark.django_db
def test_a_limit_of_nothing_takes_nothing():
    assert ratelimit.take("k", limit=0, window_seconds=600, now=NOW) is False
    assert not RateLimitBucket.objects.exists()


@pytest.mark.django_db
def test_give_back_makes_room_again_and_never_goes_below_zero():
    for _ in range(2):
        ratelimit.take("k", limit=2, window_seconds=600, now=NOW)
    ratelimit.give_back("k", window_seconds=600, now=NOW)
    assert ratelimit.take("k", limit=2, window_seconds=600, now=NOW) is True
    for _ in range(5):
        ratelimit.give_back("k", window_seconds=600, now=NOW)
    assert RateLimitBucket.objects.get(key="k").count == 0


def _take_in_parallel(requests: int, limit: int) -> list[bool]:
    def one(_: int) -> bool:
        try:
            return ratelimit.take("parallel", limit=limit, window_seconds=600, now=NOW)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=requests) as pool:
        return list(pool.map(one, range(requests)))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="threads need separate connections")
@pytest.mark.django_db(transaction=True)
def test_forty_parallel_requests_take_exactly_the_limit_on_postgresql():
    taken = _take_in_parallel(40, limit=10)
    assert taken.count(True) == 10
    assert RateLimitBucket.objects.get(key="parallel").count == 10


@pytest.mark.django_db
def test_forty_requests_one_after_another_take_exactly_the_limit():
    """SQLite serialises writers, so here the forty come one after another."""
    taken = [ratelimit.take("parallel", limit=10, window_seconds=600, now=NOW) for _ in range(40)]
    assert taken.count(True) == 10
    assert RateLimitBucket.objects.get(key="parallel").count == 10
