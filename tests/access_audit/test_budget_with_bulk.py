"""The daily budget and BULK folding together: trimming to the budget before folding must not change
which alerts survive (a regression found by the property test in test_ranking.py)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pyarrow as pa

from access_audit import RULE_CODES
from access_audit.pipeline import rank


def _row(user: int, patient: int | None, score: float, rule: str) -> dict[str, object]:
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
        [_row(1, None, 1.0, "BULK"), _row(1, 10, 5.0, "SELF"), _row(2, 11, 3.0, "FAMILY")]
    )
    unlimited = rank(raw, None)
    budgeted = rank(raw, 1)
    assert unlimited["score"].to_pylist() == [3.0, 1.0]
    assert budgeted["score"].to_pylist() == [3.0]


def test_an_earlier_bulk_alert_of_the_same_day_is_folded_not_counted_against_the_budget() -> None:
    # User 2's 3.0 BULK alert folds into their later 1.0 BULK alert, so user 1's 2.0 is the day's best.
    raw = pa.Table.from_pylist(
        [_row(1, 10, 2.0, "SELF"), _row(2, None, 3.0, "BULK"), _row(2, None, 1.0, "BULK")]
    )
    assert rank(raw, None)["score"].to_pylist() == [2.0, 1.0]
    assert rank(raw, 1)["score"].to_pylist() == [2.0]
