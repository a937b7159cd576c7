"""The synthetic trust: deterministic, realistic noise, and every labelled scenario found."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from access_audit.backends import connect
from access_audit.evaluation import evaluate
from access_audit.generate import Trust, generate
from access_audit.ingest import load_inputs
from access_audit.misuse import SCENARIOS
from access_audit.pipeline import ScanResult, scan

SMALL = Trust(staff=400, patients=6000, days=14, seed=11)


@pytest.fixture(scope="module")
def small_trust(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("trust")
    generate(SMALL, out)
    return out


@pytest.fixture(scope="module")
def small_scan(small_trust: Path, tmp_path_factory: pytest.TempPathFactory) -> ScanResult:
    con = connect("duckdb", threads=2, temp_dir=str(tmp_path_factory.mktemp("spill")))
    return scan(con, load_inputs(con, small_trust / "events", small_trust / "reference"))


def test_same_seed_gives_the_same_trust(tmp_path: Path) -> None:
    tiny = Trust(staff=100, patients=1500, days=3, seed=3)
    first, second = generate(tiny, tmp_path / "a"), generate(tiny, tmp_path / "b")
    assert first == second
    for part in ("events/part-0001.parquet", "reference/encounters.parquet", "labels/cases.parquet"):
        assert pq.read_table(tmp_path / "a" / part).equals(pq.read_table(tmp_path / "b" / part))


def test_every_scenario_is_labelled(small_trust: Path) -> None:
    cases = pq.read_table(small_trust / "labels" / "cases.parquet")
    assert set(cases["scenario"].to_pylist()) == set(SCENARIOS.values())


def test_legitimate_work_has_three_to_eight_percent_unexplained(small_scan: ScanResult) -> None:
    assert 0.92 <= small_scan.coverage.explained_share <= 0.97


def test_every_labelled_scenario_is_found(small_trust: Path, small_scan: ScanResult) -> None:
    result = evaluate(small_scan.alerts, pq.read_table(small_trust / "labels" / "cases.parquet"))
    assert result.missed == {}
    assert result.precision_at_cases >= 0.8


def test_evaluation_of_an_empty_scan() -> None:
    import pyarrow as pa

    empty = pa.table(
        {
            "user_id": pa.array([], pa.string()),
            "patient_id": pa.array([], pa.string()),
            "first_ts": pa.array([], pa.timestamp("us")),
        }
    )
    cases = pa.table(
        {
            "scenario": ["bulk"],
            "user_id": [1],
            "patient_id": pa.array([None], pa.int64()),
            "day": pa.array([None], pa.date32()),
        }
    )
    result = evaluate(empty, cases)
    assert (result.recall, result.precision, result.precision_at_cases, result.missed) == (
        0.0,
        1.0,
        1.0,
        {"bulk": 1},
    )
    assert evaluate(empty, cases.slice(0, 0)).recall == 1.0


def test_empty_batches_are_not_kept() -> None:
    import numpy as np

    from access_audit.activity import Accesses, Batches

    empty = np.array([], np.int64)
    batches = Batches()
    batches.add(Accesses(empty, empty, empty, empty, empty, empty.astype(np.int8)))
    assert batches.items == []


def test_relatives_stop_when_the_trust_runs_out_of_them() -> None:
    import numpy as np

    from access_audit.activity import leave_periods
    from access_audit.misuse import World, _relatives
    from access_audit.population import make_encounters, make_patients, make_staff

    rng = np.random.default_rng(1)
    patients = make_patients(rng, 300, 3, 50)
    staff = make_staff(rng, 60, patients, 50)
    world = World(
        rng, staff, patients, make_encounters(rng, patients, staff, 3), 3, leave_periods(rng, staff, 3)
    )
    found = _relatives(world, 10_000)
    assert 0 < len(found) < 60


def test_coverage_of_nothing_is_zero() -> None:
    from access_audit.pipeline import Coverage

    empty = Coverage(events=0, explained_events=0, first_accesses=0, explained_first_accesses=0)
    assert (empty.explained_share, empty.first_access_share) == (0.0, 0.0)
