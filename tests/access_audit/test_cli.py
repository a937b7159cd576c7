"""The access-audit command: outputs, exit status and messages."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from access_audit import cli, report
from access_audit.backends import _spark_memory, connect
from access_audit.cli import main
from access_audit.errors import InputError

from .conftest import Trust, at


@pytest.fixture
def flagged(trust: Trust, tmp_path: Path) -> tuple[Path, Path]:
    trust.patients[0]["vip"] = True
    trust.staff[0]["patient_id"] = 11
    trust.encounter(12, "cardiology", at(0, 9), at(0, 10), user=2)
    trust.access(1, 10, at(0))
    trust.access(1, 11, at(1))
    trust.access(2, 12, at(0), times=3)
    return trust.write(tmp_path)


def test_scan_writes_alerts_summary_and_report(flagged: tuple[Path, Path], tmp_path: Path) -> None:
    events, reference = flagged
    out = tmp_path / "out"
    assert (
        main(
            [
                "scan",
                "--events",
                str(events),
                "--reference",
                str(reference),
                "--out",
                str(out),
                "--threads",
                "1",
                "--memory-limit",
                "500MB",
            ]
        )
        == 0
    )
    rows = list(csv.DictReader((out / "alerts.csv").open()))
    assert [r["rank"] for r in rows] == ["1", "2"]
    assert list(rows[0]) == [
        "rank",
        "user_id",
        "patient_id",
        "first_ts",
        "last_ts",
        "events",
        "explained",
        "rules",
        "score",
    ]
    assert rows[0]["first_ts"].endswith("Z")
    assert pq.read_table(out / "alerts.parquet").num_rows == 2
    summary = json.loads((out / "summary.json").read_text())
    assert {"events", "explained_share", "alerts", "seconds", "peak_rss_mb", "engine"} <= set(summary)
    assert (summary["events"], summary["alerts"], summary["engine"]) == (5, 2, "duckdb")
    page = (out / "report.html").read_text()
    assert "<svg" in page
    assert "VIP" in page
    assert not any(asset in page for asset in ("src=", "href=", "<link", "<script"))
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_scan_budget_limits_alerts_per_day(flagged: tuple[Path, Path], tmp_path: Path) -> None:
    events, reference = flagged
    out = tmp_path / "out"
    main(["scan", "--events", str(events), "--reference", str(reference), "--out", str(out), "--budget", "1"])
    assert json.loads((out / "summary.json").read_text())["alerts"] == 2


def test_explain_prints_coverage(flagged: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    events, reference = flagged
    assert main(["explain", "--events", str(events), "--reference", str(reference)]) == 0
    out = capsys.readouterr().out
    assert "first accesses" in out
    assert "60.0%" in out


def test_explain_reports_rejected_fhir_records(
    trust: Trust, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from .test_ingest import audit_event

    _, reference = trust.write(tmp_path)
    path = tmp_path / "audit.ndjson"
    path.write_text(json.dumps(audit_event()) + "\n{}\n")
    assert main(["explain", "--events", str(path), "--reference", str(reference)]) == 0
    assert "1 input records rejected" in capsys.readouterr().out


def test_bad_input_exits_2_with_file_and_column(
    flagged: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    events, reference = flagged
    pq.write_table(pq.read_table(events).drop(["user_id"]), events)
    code = main(
        ["scan", "--events", str(events), "--reference", str(reference), "--out", str(tmp_path / "out")]
    )
    assert code == 2
    assert f"{events}: column 'user_id': missing" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_bad_memory_limit_exits_2(flagged: tuple[Path, Path], tmp_path: Path) -> None:
    events, reference = flagged
    assert (
        main(["explain", "--events", str(events), "--reference", str(reference), "--memory-limit", "lots"])
        == 2
    )


def test_non_positive_budget_is_a_usage_error(flagged: tuple[Path, Path], tmp_path: Path) -> None:
    events, reference = flagged
    with pytest.raises(SystemExit) as exit_:
        main(
            [
                "scan",
                "--events",
                str(events),
                "--reference",
                str(reference),
                "--out",
                str(tmp_path),
                "--budget",
                "0",
            ]
        )
    assert exit_.value.code == 2


def test_interrupted_write_leaves_no_partial_file(tmp_path: Path) -> None:
    target = tmp_path / "alerts.csv"
    target.write_text("old\n")

    def explode(path: Path) -> None:
        path.write_text("half")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        report.atomic_write(target, explode)
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["alerts.csv"]


def test_generate_writes_a_trust(tmp_path: Path) -> None:
    out = tmp_path / "trust"
    args = [
        "generate",
        "--out",
        str(out),
        "--staff",
        "120",
        "--patients",
        "2000",
        "--days",
        "3",
        "--seed",
        "5",
    ]
    assert main(args) == 0
    assert {p.name for p in (out / "reference").iterdir()} == {
        "staff.parquet",
        "patients.parquet",
        "encounters.parquet",
        "care_team.parquet",
        "rosters.parquet",
        "leave.parquet",
    }
    assert len(list((out / "events").iterdir())) == 3


def test_unknown_engine_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown engine"):
        connect("polars", temp_dir=str(tmp_path))


@pytest.mark.parametrize(
    ("limit", "spark"),
    [("4GB", "4g"), ("512MB", "512m"), ("1.5GB", "1536m"), ("2048KB", "2m"), ("3 gib", "3g")],
)
def test_memory_limit_is_translated_for_spark(limit: str, spark: str) -> None:
    assert _spark_memory(limit) == spark


def test_unreadable_memory_limit_for_spark_is_an_error() -> None:
    with pytest.raises(InputError, match="cannot read"):
        _spark_memory("plenty")


def test_sigterm_unwinds_like_an_interrupt() -> None:
    import signal

    from access_audit.cli import _stop

    with pytest.raises(SystemExit) as exit_:
        _stop(signal.SIGTERM, None)
    assert exit_.value.code == 128 + signal.SIGTERM


def test_console_script_ends_at_once_after_a_duckdb_run(
    flagged: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    events, reference = flagged
    ended: list[int] = []
    monkeypatch.setattr(cli.os, "_exit", ended.append)
    monkeypatch.setattr(
        sys, "argv", ["access-audit", "explain", "--events", str(events), "--reference", str(reference)]
    )
    assert main() == 0
    assert ended == [0]
    assert "first accesses" in capsys.readouterr().out


def test_console_script_output_is_complete(flagged: tuple[Path, Path]) -> None:
    events, reference = flagged
    script = Path(sys.executable).with_name("access-audit")
    done = subprocess.run(
        [str(script), "explain", "--events", str(events), "--reference", str(reference)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "first accesses" in done.stdout
