"""Ranking and the daily alert budget, as properties."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from access_audit import RULE_CODES
from access_audit.pipeline import fold_bulk, rank

alert = st.fixed_dictionaries(
    {
        "user_id": st.integers(1, 5),
        "patient_id": st.none() | st.integers(10, 15),
        "day": st.integers(0, 3),
        "score": st.floats(0.4, 20, allow_nan=False),
        "rule": st.sampled_from(RULE_CODES),
    }
)


def raw_table(alerts: list[dict[str, object]]) -> pa.Table:
    rows = []
    for a in alerts:
        start = datetime(2025, 3, 3) + timedelta(days=int(a["day"]), hours=9)  # type: ignore[call-overload]
        row = {
            "user_id": a["user_id"],
            "patient_id": a["patient_id"],
            "first_ts": start,
            "last_ts": start + timedelta(hours=1),
            "events": 1,
            "explained": False,
            "score": a["score"],
        }
        row.update({code: code == a["rule"] for code in RULE_CODES})
        rows.append(row)
    return pa.Table.from_pylist(rows)


@settings(deadline=None)
@given(st.lists(alert, min_size=1, max_size=30), st.integers(1, 4))
def test_budget_keeps_at_most_n_a_day_best_first(alerts: list[dict[str, object]], budget: int) -> None:
    unlimited = rank(raw_table(alerts), None)
    ranked = rank(raw_table(alerts), budget)
    per_day = Counter(ts.date() for ts in ranked["first_ts"].to_pylist())
    assert all(n <= budget for n in per_day.values())
    scores = ranked["score"].to_pylist()
    assert scores == sorted(scores, reverse=True)
    assert ranked["rank"].to_pylist() == list(range(1, ranked.num_rows + 1))
    for day, kept in per_day.items():
        all_that_day = sorted(
            (
                s
                for s, ts in zip(
                    unlimited["score"].to_pylist(), unlimited["first_ts"].to_pylist(), strict=True
                )
                if ts.date() == day
            ),
            reverse=True,
        )
        that_day = [
            s for s, ts in zip(scores, ranked["first_ts"].to_pylist(), strict=True) if ts.date() == day
        ]
        assert that_day == all_that_day[:kept]


def test_bulk_alert_absorbs_the_days_pair_alerts_and_their_rules() -> None:
    day = datetime(2025, 3, 3, 9)
    bulk = {"user_id": "1", "patient_id": None, "first_ts": day, "last_ts": day, "BULK": True}
    bulk.update({code: code == "BULK" for code in RULE_CODES})
    same_day = {
        **dict.fromkeys(RULE_CODES, False),
        "user_id": "1",
        "patient_id": "9",
        "first_ts": day,
        "last_ts": day,
        "VULNERABLE": True,
    }
    later = {**same_day, "patient_id": "8", "last_ts": day + timedelta(days=2)}
    kept = fold_bulk([bulk, same_day, later])
    assert kept == [bulk, later]
    assert bulk["VULNERABLE"] is True


# Trimming to the budget before folding BULK alerts must not change which alerts survive
# (regressions the property test above found).


def _day_row(user: int, patient: int | None, score: float, rule: str) -> dict[str, object]:
    start = datetime(2025, 3, 3, 9)
    row: dict[str, object] = {
        "user_id": user,
        "patient_id": patient,
        "first_ts": start,
        "last_ts": start + timedelta(hours=1),
        "events": 1,
        "explained": False,
        "score": score,
    }
    row.update({code: code == rule for code in RULE_CODES})
    return row


def test_a_pair_alert_folded_into_a_low_scoring_bulk_alert_stays_folded_under_a_budget() -> None:
    # User 1's BULK alert scores 1.0 and absorbs their pair alert scoring 5.0; user 2 has a 3.0.
    raw = pa.Table.from_pylist(
        [_day_row(1, None, 1.0, "BULK"), _day_row(1, 10, 5.0, "SELF"), _day_row(2, 11, 3.0, "FAMILY")]
    )
    unlimited = rank(raw, None)
    budgeted = rank(raw, 1)
    assert unlimited["score"].to_pylist() == [3.0, 1.0]
    assert budgeted["score"].to_pylist() == [3.0]


def test_an_earlier_bulk_alert_of_the_same_day_is_folded_not_counted_against_the_budget() -> None:
    # User 2's 3.0 BULK alert folds into their later 1.0 BULK alert, so user 1's 2.0 is the day's best.
    raw = pa.Table.from_pylist(
        [_day_row(1, 10, 2.0, "SELF"), _day_row(2, None, 3.0, "BULK"), _day_row(2, None, 1.0, "BULK")]
    )
    assert rank(raw, None)["score"].to_pylist() == [2.0, 1.0]
    assert rank(raw, 1)["score"].to_pylist() == [2.0]
