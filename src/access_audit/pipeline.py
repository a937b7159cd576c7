"""The whole scan, written once: explain -> rules -> score -> alerts, on any Ibis backend."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

import ibis.expr.types as ir
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from . import RULE_CODES
from .explain import COVERAGE_COUNTS, coverage, episodes, explain, user_totals, with_day, with_department
from .ingest import Inputs
from .params import DEFAULT_PARAMS, Params
from .rules import candidates, episode_rules, user_day_rules, user_days
from .scoring import alerts, episode_scores

Step = Callable[[str], None]


@dataclass
class Coverage:
    events: int
    explained_events: int
    first_accesses: int
    explained_first_accesses: int
    by_role: list[dict[str, Any]] = field(default_factory=list)
    by_kind: dict[str, int] = field(default_factory=dict)

    @property
    def explained_share(self) -> float:
        return self.explained_events / self.events if self.events else 0.0

    @property
    def first_access_share(self) -> float:
        if not self.first_accesses:
            return 0.0
        return self.explained_first_accesses / self.first_accesses


@dataclass
class ScanResult:
    alerts: pa.Table
    coverage: Coverage
    rejected: int


def _coverage(table: pa.Table) -> Coverage:
    rows = sorted(table.to_pylist(), key=lambda r: str(r["role"]))
    total = {key: sum(int(r[key] or 0) for r in rows) for key in COVERAGE_COUNTS}
    return Coverage(
        events=total["events"],
        explained_events=total["explained_events"],
        first_accesses=total["first_accesses"],
        explained_first_accesses=total["explained_first_accesses"],
        by_role=[
            {
                "role": r["role"],
                "events": int(r["events"]),
                "explained_share": int(r["explained_events"] or 0) / int(r["events"]),
            }
            for r in rows
        ],
        by_kind={k[3:]: total[k] for k in ("by_relationship", "by_department", "by_btg")},
    )


def bulk_owners(keys: Sequence[Hashable], bulk: Sequence[bool], one_day: Sequence[bool]) -> list[int | None]:
    """For each alert, the position of the BULK alert that absorbs it, else None. `keys` are
    (user, first day): the last BULK alert of a user's day absorbs that user's other alerts that begin
    and end on that day. The one rule for `fold_bulk` and for the budget's pre-filter."""
    owner_of = {key: i for i, (key, is_bulk) in enumerate(zip(keys, bulk, strict=True)) if is_bulk}
    owners: list[int | None] = []
    for i, (key, same_day) in enumerate(zip(keys, one_day, strict=True)):
        owner = owner_of.get(key)
        owners.append(owner if same_day and owner is not None and owner != i else None)
    return owners


def fold_bulk(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A bulk browser's one-day pair alerts become part of their BULK alert for that day."""
    owners = bulk_owners(
        [(r["user_id"], r["first_ts"].date()) for r in rows],
        [bool(r["BULK"]) for r in rows],
        [r["first_ts"].date() == r["last_ts"].date() for r in rows],
    )
    kept = []
    for row, owner in zip(rows, owners, strict=True):
        if owner is None:
            kept.append(row)
            continue
        for code in RULE_CODES:
            rows[owner][code] = rows[owner][code] or row[code]
    return kept


def _day_numbers(column: pa.ChunkedArray) -> np.ndarray:
    micros = pc.cast(column, pa.timestamp("us")).cast(pa.int64()).to_numpy(zero_copy_only=False)
    days: np.ndarray = np.floor_divide(micros, 86_400_000_000)
    return days


def contenders(raw: pa.Table, budget: int | None) -> pa.Table:
    """The raw alerts that can make the daily budget: every alert a BULK alert will absorb (see
    `fold_bulk`), and the others that have fewer than `budget` better-scoring ones on their day.
    Ranking then handles a few thousand rows in Python instead of every raw alert."""
    if budget is None or raw.num_rows == 0:
        return raw
    first, last = _day_numbers(raw["first_ts"]), _day_numbers(raw["last_ts"])
    owner_of_row = bulk_owners(
        list(zip(raw["user_id"].to_pylist(), first.tolist(), strict=True)),
        raw["BULK"].to_numpy(zero_copy_only=False).astype(bool).tolist(),
        (first == last).tolist(),
    )
    absorbed = np.array([owner is not None for owner in owner_of_row], bool)
    owners = np.zeros(len(owner_of_row), bool)
    owners[[owner for owner in owner_of_row if owner is not None]] = True
    score = raw["score"].to_numpy(zero_copy_only=False)
    others = np.flatnonzero(~absorbed)
    order = others[np.lexsort((-score[others], first[others]))]
    day, value = first[order], score[order]
    position = np.arange(len(order))
    new_day = np.r_[True, day[1:] != day[:-1]]
    new_value = new_day | np.r_[True, value[1:] != value[:-1]]
    day_start = np.maximum.accumulate(np.where(new_day, position, 0))
    value_start = np.maximum.accumulate(np.where(new_value, position, 0))
    keep = absorbed.copy()
    keep[order] = value_start - day_start < budget  # better-scoring alerts that day, ties not counted
    # Every owning BULK alert stays: if one were trimmed, the alerts it absorbs would stand alone
    # and could outrank the alerts that the unbudgeted ranking keeps.
    keep |= owners
    return raw.filter(pa.array(keep))


def rank(raw: pa.Table, budget: int | None) -> pa.Table:
    """Best first (score, then user and patient for a stable order); at most `budget` a day."""
    rows = contenders(raw, budget).to_pylist()
    for row in rows:
        row["user_id"] = str(row["user_id"])
        row["patient_id"] = None if row["patient_id"] is None else str(row["patient_id"])
    rows = fold_bulk(rows)
    for row in rows:
        row["rules"] = ";".join(code for code in RULE_CODES if row[code])
    rows.sort(key=lambda r: (-r["score"], r["user_id"], r["patient_id"] or "", r["first_ts"]))
    kept: list[dict[str, Any]] = []
    per_day: dict[Any, int] = {}
    for row in rows:
        day = row["first_ts"].date()
        if budget is not None and per_day.get(day, 0) >= budget:
            continue
        per_day[day] = per_day.get(day, 0) + 1
        kept.append(row)
    return pa.table(
        {
            "rank": pa.array(range(1, len(kept) + 1), pa.int64()),
            "user_id": pa.array([r["user_id"] for r in kept], pa.string()),
            "patient_id": pa.array([r["patient_id"] for r in kept], pa.string()),
            "first_ts": pa.array([r["first_ts"] for r in kept], pa.timestamp("us", tz="UTC")),
            "last_ts": pa.array([r["last_ts"] for r in kept], pa.timestamp("us", tz="UTC")),
            "events": pa.array([r["events"] for r in kept], pa.int64()),
            "explained": pa.array([bool(r["explained"]) for r in kept], pa.bool_()),
            "rules": pa.array([r["rules"] for r in kept], pa.string()),
            "score": pa.array([float(r["score"]) for r in kept], pa.float64()),
        }
    )


class Scratch:
    """Intermediate tables kept for reuse: DuckDB temporary tables or cached Spark frames.

    (Ibis's own cache release issues a malformed DROP on DuckDB 2.0, so DuckDB tables are
    created and dropped here directly.)"""

    def __init__(self, con: Any) -> None:
        self.con = con
        self.kept: list[tuple[str, ir.Table]] = []

    def keep(self, expr: ir.Table) -> ir.Table:
        name = f"access_audit_{uuid.uuid4().hex}"
        if self.con.name == "duckdb":
            table = self.con.create_table(name, expr, temp=True)
        else:
            # Spark's cache compiles the SQL itself: register in-memory inputs (FHIR) first.
            self.con._run_pre_execute_hooks(expr)
            table = expr.cache()
        self.kept.append((name, table))
        return table

    def __enter__(self) -> Scratch:
        return self

    def __exit__(self, *_exc: object) -> None:
        for name, table in reversed(self.kept):
            if self.con.name == "duckdb":
                self.con.raw_sql(f'DROP TABLE IF EXISTS temp.main."{name}"')
            else:
                table.release()


def explained_episodes(inputs: Inputs, params: Params) -> ir.Table:
    """Events -> episodes -> explanation, in one query (materialised once by the caller)."""
    return explain(with_department(episodes(inputs.events), inputs.staff), inputs, params)


def measure_coverage(con: Any, inputs: Inputs, params: Params = DEFAULT_PARAMS) -> Coverage:
    """Explanation coverage only (the `explain` command)."""
    explained = with_day(explained_episodes(inputs, params))
    users = user_totals(explained, user_days(explained))
    return _coverage(con.to_pyarrow(coverage(users, inputs.staff)))


def scan(
    con: Any,
    inputs: Inputs,
    *,
    params: Params = DEFAULT_PARAMS,
    budget: int | None = None,
    step: Step | None = None,
) -> ScanResult:
    """Run the full pipeline on the backend `con` and return ranked alerts and coverage.

    The explained episodes are materialised (one pass over the events), and from them the
    per-user totals, the user-days and the rule candidates (each one pass over the episodes);
    everything after that reads those small tables."""
    tick: Step = step or (lambda _name: None)
    tick("grouping and explaining accesses")
    with Scratch(con) as scratch:
        explained = with_day(scratch.keep(explained_episodes(inputs, params)))
        tick("measuring coverage")
        days = scratch.keep(user_days(explained))
        users = scratch.keep(user_totals(explained, days))
        cover = _coverage(con.to_pyarrow(coverage(users, inputs.staff)))
        tick("applying rules")
        cand = scratch.keep(candidates(explained, inputs, params))
        tick("scoring")
        scored = episode_scores(scratch.keep(episode_rules(cand, inputs, params)), users)
        raw = con.to_pyarrow(alerts(scored, user_day_rules(explained, days, inputs, params), params))
    tick("ranking alerts")
    return ScanResult(alerts=rank(raw, budget), coverage=cover, rejected=inputs.rejected)
