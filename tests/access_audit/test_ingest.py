"""Reading CSV, Parquet (file or directory) and FHIR AuditEvent NDJSON; clear errors."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from access_audit.backends import connect
from access_audit.errors import InputError
from access_audit.fhir import audit_event_row, read_audit_events
from access_audit.ingest import load_inputs
from access_audit.pipeline import measure_coverage

from .conftest import Trust, at


def audit_event(user: str = "1", patient: str = "10", **extra: object) -> dict[str, object]:
    event: dict[str, object] = {
        "resourceType": "AuditEvent",
        "id": f"ae-{user}-{patient}",
        "action": "R",
        "recorded": "2025-03-03T10:00:00+01:00",
        "agent": [
            {"requestor": False, "who": {"reference": "Device/epr"}},
            {"requestor": True, "who": {"reference": f"Practitioner/{user}"}, "network": {"address": "WS-7"}},
        ],
        "source": {"site": "Site-A"},
        "entity": [{"what": {"reference": "Observation/5"}}, {"what": {"reference": f"Patient/{patient}"}}],
    }
    event.update(extra)
    return event


def load(tmp_path: Path, trust: Trust, *, csv: bool = False, events: Path | None = None):
    path, reference = trust.write(tmp_path, csv=csv)
    con = connect("duckdb", temp_dir=str(tmp_path))
    return con, load_inputs(con, events or path, reference)


def test_csv_and_parquet_give_the_same_coverage(trust: Trust, tmp_path) -> None:
    trust.encounter(10, "cardiology", at(0, 9), at(0, 10), user=1)
    trust.access(1, 10, at(0))
    trust.access(2, 11, at(0))
    shares = []
    for csv in (False, True):
        con, inputs = load(tmp_path / str(csv), trust, csv=csv)
        shares.append(measure_coverage(con, inputs).explained_share)
    assert shares == [0.5, 0.5]


def test_directory_of_parquet_files_is_one_table(trust: Trust, tmp_path) -> None:
    trust.access(1, 10, at(0))
    trust.access(1, 11, at(1))
    path, reference = trust.write(tmp_path)
    folder = tmp_path / "events_dir"
    folder.mkdir()
    table = pq.read_table(path)
    pq.write_table(table.slice(0, 1), folder / "a.parquet")
    pq.write_table(table.slice(1), folder / "b.parquet")
    con = connect("duckdb", temp_dir=str(tmp_path))
    assert measure_coverage(con, load_inputs(con, folder, reference)).events == 2


def test_fhir_audit_events_map_to_canonical_columns(tmp_path) -> None:
    path = tmp_path / "audit.ndjson"
    btg = audit_event(purposeOfEvent=[{"coding": [{"code": "BTG"}], "text": "Cardiac arrest"}])
    path.write_text(json.dumps(btg) + "\n")
    table, rejected = read_audit_events(str(path))
    row = table.to_pylist()[0]
    assert rejected == 0
    assert (row["user_id"], row["patient_id"], row["workstation"], row["site"]) == (
        "1",
        "10",
        "WS-7",
        "Site-A",
    )
    assert row["ts"].hour == 9  # converted to UTC
    assert row["btg_reason"] == "Cardiac arrest"
    assert row["action"] == "view"


def test_fhir_search_subtype_and_agent_purpose(tmp_path) -> None:
    event = audit_event(subtype=[{"code": "search-type"}])
    event["agent"][1]["purposeOfUse"] = [{"coding": [{"code": "BTG", "display": "break the glass"}]}]  # type: ignore[index]
    event["agent"][1]["who"] = {"identifier": {"value": "u-77"}}  # type: ignore[index]
    row = audit_event_row(event)
    assert (row["action"], row["btg_reason"], row["user_id"]) == ("search", "break the glass", "u-77")


@pytest.mark.parametrize(
    "broken",
    [
        "not json at all",
        json.dumps({"resourceType": "Patient"}),
        json.dumps(audit_event(agent=[])),
        json.dumps(audit_event(agent=[{"requestor": False, "who": {"reference": "Practitioner/1"}}])),
        json.dumps(audit_event(agent=[{"requestor": True, "who": {"reference": "Device/1"}}])),
        json.dumps(audit_event(entity=[{"what": {"reference": "Observation/1"}}])),
        json.dumps(audit_event(recorded=None)),
        json.dumps(audit_event(recorded="yesterday")),
        json.dumps(audit_event(recorded="2025-03-03T10:00:00")),
        json.dumps([1, 2]),
    ],
)
def test_malformed_resources_are_rejected_and_counted(tmp_path, broken: str) -> None:
    path = tmp_path / "audit.ndjson"
    path.write_text("\n".join([json.dumps(audit_event()), broken, ""]) + "\n")
    table, rejected = read_audit_events(str(path))
    assert (table.num_rows, rejected) == (1, 1)


@settings(max_examples=60, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=5),
        lambda c: (
            st.lists(c, max_size=3)
            | st.dictionaries(
                st.sampled_from(
                    ["agent", "entity", "who", "what", "recorded", "resourceType", "requestor", "reference"]
                ),
                c,
                max_size=4,
            )
        ),
        max_leaves=12,
    )
)
def test_fhir_mapping_never_crashes_on_arbitrary_json(value: object) -> None:
    with contextlib.suppress(ValueError):
        audit_event_row(value)


def test_file_of_only_malformed_resources_is_an_error(tmp_path) -> None:
    path = tmp_path / "audit.ndjson"
    path.write_text("{}\n")
    with pytest.raises(InputError, match="no valid FHIR AuditEvent"):
        read_audit_events(str(path))


def test_fhir_events_scan_against_integer_reference_ids(trust: Trust, tmp_path) -> None:
    trust.encounter(10, "cardiology", at(0, 9), at(0, 10), user=1)
    path = tmp_path / "audit.ndjson"
    path.write_text(json.dumps(audit_event()) + "\n" + json.dumps(audit_event("2", "11")) + "\nnonsense\n")
    con, inputs = load(tmp_path, trust, events=path)
    cover = measure_coverage(con, inputs)
    assert (cover.events, cover.explained_events, inputs.rejected) == (2, 1, 1)


def test_missing_column_names_file_and_column(trust: Trust, tmp_path) -> None:
    trust.access(1, 10, at(0))
    path, reference = trust.write(tmp_path)
    pq.write_table(
        pq.read_table(reference / "patients.parquet").drop(["postcode"]), reference / "patients.parquet"
    )
    con = connect("duckdb", temp_dir=str(tmp_path))
    with pytest.raises(InputError, match=r"patients\.parquet: column 'postcode': missing"):
        load_inputs(con, path, reference)


@pytest.mark.parametrize(
    ("table", "column", "value", "message"),
    [
        ("events", "ts", "half past ten", "is not a timestamp"),
        ("patients", "vip", "maybe", "is not a true/false flag"),
        ("patients", "birth_date", "1st May", "is not a date"),
    ],
)
def test_wrong_values_in_csv_name_the_column(
    trust: Trust, tmp_path, table: str, column: str, value: str, message: str
) -> None:
    trust.access(1, 10, at(0))
    path, reference = trust.write(tmp_path, csv=True)
    target = path if table == "events" else reference / f"{table}.csv"
    lines = target.read_text().splitlines()
    header = [h.strip('"') for h in lines[0].split(",")]
    cells = lines[1].split(",")
    cells[header.index(column)] = value
    target.write_text("\n".join([lines[0], ",".join(cells), *lines[2:]]) + "\n")
    con = connect("duckdb", temp_dir=str(tmp_path))
    with pytest.raises(InputError, match=f"column '{column}': value '{value}' {message}"):
        load_inputs(con, path, reference)


def test_flags_as_integers_and_words_are_read(trust: Trust, tmp_path) -> None:
    trust.access(1, 10, at(0))
    path, reference = trust.write(tmp_path, csv=True)
    patients = reference / "patients.csv"
    text = patients.read_text().replace("false", "no")
    patients.write_text(text)
    con = connect("duckdb", temp_dir=str(tmp_path))
    assert measure_coverage(con, load_inputs(con, path, reference)).events == 1
    table = pq.read_table(reference.parent / "events.csv") if False else None
    assert table is None


def test_numeric_flags_are_read_as_true_when_not_zero(trust: Trust, tmp_path) -> None:
    import pyarrow as pa

    trust.access(1, 10, at(0))
    path, reference = trust.write(tmp_path)
    patients = pq.read_table(reference / "patients.parquet")
    patients = patients.set_column(6, "vip", pa.array([1, 0, 0], pa.int64()))
    pq.write_table(patients, reference / "patients.parquet")
    con = connect("duckdb", temp_dir=str(tmp_path))
    inputs = load_inputs(con, path, reference)
    assert con.to_pyarrow(inputs.patients.vip).to_pylist() == [True, False, False]


def test_wrong_column_type_is_an_error(trust: Trust, tmp_path) -> None:
    import pyarrow as pa

    trust.access(1, 10, at(0))
    path, reference = trust.write(tmp_path)
    events = pq.read_table(path)
    pq.write_table(events.set_column(1, "ts", pa.array([1.5], pa.float64())), path)
    con = connect("duckdb", temp_dir=str(tmp_path))
    with pytest.raises(InputError, match="column 'ts': expected timestamp, found float64"):
        load_inputs(con, path, reference)


def test_float_identifiers_are_an_error(trust: Trust, tmp_path) -> None:
    import pyarrow as pa

    trust.access(1, 10, at(0))
    path, reference = trust.write(tmp_path)
    events = pq.read_table(path)
    pq.write_table(events.set_column(2, "user_id", pa.array([1.0], pa.float64())), path)
    con = connect("duckdb", temp_dir=str(tmp_path))
    with pytest.raises(InputError, match="column 'user_id': expected identifier"):
        load_inputs(con, path, reference)


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda p, r: (r / "staff.parquet").unlink(), "staff: reference table not found"),
        (lambda p, r: p.unlink(), "file not found"),
        (lambda p, r: p.write_bytes(b"PAR1 garbage"), "cannot read file"),
        (
            lambda p, r: (
                (r / "care_team").mkdir() or (r / "care_team.parquet").rename(r / "care_team" / "x.txt")
            ),
            "directory holds no Parquet files",
        ),
    ],
)
def test_unreadable_input_is_reported(trust: Trust, tmp_path, setup, message: str) -> None:
    trust.access(1, 10, at(0))
    path, reference = trust.write(tmp_path)
    setup(path, reference)
    con = connect("duckdb", temp_dir=str(tmp_path))
    with pytest.raises(InputError, match=message):
        load_inputs(con, path, reference)


def test_unknown_file_type_is_reported(trust: Trust, tmp_path) -> None:
    trust.access(1, 10, at(0))
    _, reference = trust.write(tmp_path)
    odd = tmp_path / "events.xlsx"
    odd.write_text("x")
    con = connect("duckdb", temp_dir=str(tmp_path))
    with pytest.raises(InputError, match="unknown file type"):
        load_inputs(con, odd, reference)


def test_missing_reference_directory_is_reported(tmp_path) -> None:
    con = connect("duckdb", temp_dir=str(tmp_path))
    with pytest.raises(InputError, match="reference directory not found"):
        load_inputs(con, tmp_path / "events.csv", tmp_path / "nowhere")


def test_unreadable_fhir_file_is_reported(tmp_path) -> None:
    path = tmp_path / "audit.ndjson"
    path.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(InputError, match="cannot read file"):
        read_audit_events(str(path))


def test_flag_words_are_read(trust: Trust, tmp_path) -> None:
    trust.access(1, 10, at(0))
    path, reference = trust.write(tmp_path)
    patients = pq.read_table(reference / "patients.parquet")
    pq.write_table(
        patients.set_column(6, "vip", pa.array(["Y", "no", " yes "])), reference / "patients.parquet"
    )
    con = connect("duckdb", temp_dir=str(tmp_path))
    inputs = load_inputs(con, path, reference)
    assert con.to_pyarrow(inputs.patients.vip).to_pylist() == [True, False, True]


def test_float_flags_are_an_error(trust: Trust, tmp_path) -> None:
    trust.access(1, 10, at(0))
    path, reference = trust.write(tmp_path)
    patients = pq.read_table(reference / "patients.parquet")
    pq.write_table(patients.set_column(6, "vip", pa.array([1.0, 0.0, 0.5])), reference / "patients.parquet")
    con = connect("duckdb", temp_dir=str(tmp_path))
    with pytest.raises(InputError, match="column 'vip': expected true/false flag, found float64"):
        load_inputs(con, path, reference)


def test_optional_event_columns_may_be_absent(trust: Trust, tmp_path) -> None:
    trust.access(1, 10, at(0))
    path, reference = trust.write(tmp_path)
    pq.write_table(pq.read_table(path).drop(["workstation", "site", "btg_reason"]), path)
    con = connect("duckdb", temp_dir=str(tmp_path))
    assert measure_coverage(con, load_inputs(con, path, reference)).events == 1


def test_fhir_odd_shapes_fall_back_or_reject() -> None:
    event = audit_event(subtype=[{"code": "read"}, "odd"], action="U")
    event["agent"][1]["purposeOfUse"] = [  # type: ignore[index]
        "odd",
        {"coding": ["odd", {"code": "TREAT"}]},
    ]
    row = audit_event_row(event)
    assert (row["action"], row["btg_reason"]) == ("update", None)
    with pytest.raises(ValueError, match="no identity"):
        audit_event_row(audit_event(agent=[{"requestor": True, "who": "Practitioner/1"}]))
