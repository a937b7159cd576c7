"""The same pipeline on DuckDB and on Spark gives the same alerts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from access_audit.backends import connect
from access_audit.generate import Trust, generate
from access_audit.ingest import load_inputs
from access_audit.pipeline import measure_coverage, scan

pytestmark = pytest.mark.spark


@pytest.fixture(scope="module")
def tiny_trust(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("trust")
    generate(Trust(staff=120, patients=2500, days=4, seed=21, cases_per_scenario=2), out)
    return out


def _scan(engine: str, data: Path, spill: Path, session: Any = None) -> Any:
    con = connect(engine, temp_dir=str(spill), session=session)
    inputs = load_inputs(con, data / "events", data / "reference")
    return con, inputs, scan(con, inputs, budget=40)


def test_duckdb_and_spark_give_identical_alerts(tiny_trust: Path, tmp_path: Path, spark_session: Any) -> None:
    _, _, on_duckdb = _scan("duckdb", tiny_trust, tmp_path)
    con, inputs, on_spark = _scan("spark", tiny_trust, tmp_path, spark_session)
    assert on_duckdb.alerts.num_rows > 20
    assert on_spark.alerts.equals(on_duckdb.alerts)
    assert on_spark.coverage == on_duckdb.coverage
    assert measure_coverage(con, inputs) == on_duckdb.coverage


def test_spark_session_is_reused_without_memory_setting(spark_session: Any) -> None:
    from access_audit.backends import spark_session as make

    assert make(None, None) is spark_session


def test_csv_and_fhir_inputs_agree_across_engines(tmp_path: Path, spark_session: Any) -> None:
    import json

    from .conftest import Trust, at
    from .test_ingest import audit_event

    trust = Trust()
    for user in (1, 2):
        trust.add_staff(user)
    for patient in (10, 11):
        trust.add_patient(patient)
    trust.patients[0]["vip"] = True
    trust.encounter(10, "cardiology", at(0, 9), at(0, 10), user=1)
    trust.access(1, 10, at(0))
    trust.access(2, 11, at(0))
    events, reference = trust.write(tmp_path, csv=True)
    fhir = tmp_path / "audit.ndjson"
    fhir.write_text(json.dumps(audit_event()) + "\n" + json.dumps(audit_event("2", "10")) + "\nbad\n")
    for source in (events, fhir):
        results = []
        for engine, session in (("duckdb", None), ("spark", spark_session)):
            con = connect(engine, temp_dir=str(tmp_path), session=session)
            results.append(scan(con, load_inputs(con, source, reference)))
        assert results[0].alerts.num_rows > 0
        assert results[1].alerts.equals(results[0].alerts)
        assert results[1].coverage == results[0].coverage
