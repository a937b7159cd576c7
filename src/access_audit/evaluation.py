"""Score a scan's alerts against the generator's labelled misuse cases."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

import pyarrow as pa

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Evaluation:
    cases: int
    found: int
    alerts: int
    true_alerts: int
    precision_at_cases: float  # precision of the top-K alerts, K = number of labelled cases
    missed: dict[str, int]
    by_scenario: dict[str, tuple[int, int]]  # scenario -> (found, cases)

    @property
    def recall(self) -> float:
        return self.found / self.cases if self.cases else 1.0

    @property
    def precision(self) -> float:
        return self.true_alerts / self.alerts if self.alerts else 1.0


def _key(user: object, patient: object, day: date | None) -> tuple[str, str, date | None]:
    if patient is None:
        return (str(user), "", day)
    return (str(user), str(patient), None)


def evaluate(alerts: pa.Table, cases: pa.Table) -> Evaluation:
    """A pair case is found by an alert on the same (user, patient); a user-level case by a
    user-level alert for the same user starting on the labelled day or the day after. A pair
    alert inside a labelled
    user-day (one of the patients a bulk browser opened) is a true alert but finds no case."""
    labelled: dict[tuple[str, str, date | None], str] = {}
    for case in cases.to_pylist():
        labelled.setdefault(_key(case["user_id"], case["patient_id"], case["day"]), case["scenario"])
    hits: list[bool] = []
    found: set[tuple[str, str, date | None]] = set()
    for alert in alerts.to_pylist():
        day = alert["first_ts"].date()
        # A night shift runs over midnight: a user-day case may surface on the next day.
        days = (_key(alert["user_id"], None, day), _key(alert["user_id"], None, day - ONE_DAY))
        key = _key(alert["user_id"], alert["patient_id"], day)
        if alert["patient_id"] is None:
            key = next((k for k in days if k in labelled), key)
        hits.append(key in labelled or any(k in labelled for k in days))
        if key in labelled:
            found.add(key)
    totals = Counter(labelled.values())
    got = Counter(labelled[k] for k in found)
    top = hits[: len(labelled)]
    return Evaluation(
        cases=len(labelled),
        found=len(found),
        alerts=len(hits),
        true_alerts=sum(hits),
        precision_at_cases=sum(top) / len(top) if top else 1.0,
        missed={s: totals[s] - got[s] for s in totals if totals[s] > got[s]},
        by_scenario={s: (got[s], totals[s]) for s in sorted(totals)},
    )
