"""Reading scan output: every problem names the file, the line or row and the column."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st

from rampart.access_alerts import rules
from tests.access_alerts.conftest import ALERTS_CSV, EVENTS_CSV, alert_rows, at, event_rows

HEADER = ALERTS_CSV.splitlines()[0]


def csv_with(row: str) -> bytes:
    return f"{HEADER}\n{ALERTS_CSV.splitlines()[1]}\n{row}\n".encode()


def parquet_bytes(table: pa.Table) -> bytes:
    out = io.BytesIO()
    pq.write_table(table, out)
    return out.getvalue()


def test_reads_the_engines_csv():
    first, bulk, family = alert_rows()
    assert first == rules.AlertRow(
        1, "100", "23", at(12, 32, 49), at(12, 40), 3, False, ("VIP", "PILE_ON"), 10.4798
    )
    assert (bulk.patient_id, bulk.rules) == ("", ("BULK",))
    assert family.explained is True


def test_reads_the_engines_parquet_as_the_same_alerts():
    table = pa.table(
        {
            "rank": [1],
            "user_id": ["100"],
            "patient_id": [None],
            "first_ts": pa.array(
                [datetime(2025, 1, 15, 12, 32, 49, 500, tzinfo=UTC)], pa.timestamp("us", "UTC")
            ),
            "last_ts": pa.array([datetime(2025, 1, 15, 13, tzinfo=UTC)], pa.timestamp("us", "UTC")),
            "events": [4],
            "explained": [False],
            "rules": ["BULK"],
            "score": [2.5],
        }
    )
    (row,) = rules.read_alerts("alerts.parquet", parquet_bytes(table))
    assert (row.user_id, row.patient_id, row.events, row.rules) == ("100", "", 4, ("BULK",))
    # The CSV writes times to the second: the same alert gives the same key either way.
    from_csv = rules.parse_alert({**_raw(), "patient_id": "", "first_ts": "2025-01-15T12:32:49Z"}, "x")
    assert row.key_material() == from_csv.key_material()


def _raw() -> dict[str, object]:
    return {
        "rank": "1",
        "user_id": "100",
        "patient_id": "23",
        "first_ts": "2025-01-15T12:32:49Z",
        "last_ts": "2025-01-15T12:40:00Z",
        "events": "3",
        "explained": "false",
        "rules": "VIP",
        "score": "1.5",
    }


def test_integer_identifiers_from_parquet_become_text():
    row = rules.parse_alert({**_raw(), "user_id": 100, "patient_id": 23.0}, "x")
    assert (row.user_id, row.patient_id) == ("100", "23")


def test_a_missing_column_is_named():
    data = ALERTS_CSV.replace('"score"', '"points"').encode()
    with pytest.raises(rules.FileError, match=r"alerts.csv: column 'score' is missing"):
        rules.read_alerts("alerts.csv", data)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            'x,"1","2","2025-01-15T12:00:00Z","2025-01-15T12:00:00Z",1,false,"VIP",1',
            "column 'rank': 'x' is not a whole number",
        ),
        (
            '0,"1","2","2025-01-15T12:00:00Z","2025-01-15T12:00:00Z",1,false,"VIP",1',
            "column 'rank': '0' must be 1 or more",
        ),
        ('2,,"2","2025-01-15T12:00:00Z","2025-01-15T12:00:00Z",1,false,"VIP",1', "column 'user_id' is empty"),
        (
            '2,"1","2","yesterday","2025-01-15T12:00:00Z",1,false,"VIP",1',
            "column 'first_ts': 'yesterday' is not a date",
        ),
        ('2,"1","2","2025-01-15T12:00:00Z",,1,false,"VIP",1', "column 'last_ts' is empty"),
        (
            '2,"1","2","2025-01-15T12:00:00Z","2025-01-14T12:00:00Z",1,false,"VIP",1',
            "column 'last_ts' is before",
        ),
        (
            '2,"1","2","2025-01-15T12:00:00Z","2025-01-15T12:00:00Z",1,maybe,"VIP",1',
            "column 'explained': 'maybe' is not true or false",
        ),
        (
            '2,"1","2","2025-01-15T12:00:00Z","2025-01-15T12:00:00Z",1,false,"VIP;SNOOP",1',
            "column 'rules': 'SNOOP' is not one",
        ),
        ('2,"1","2","2025-01-15T12:00:00Z","2025-01-15T12:00:00Z",1,false,"",1', "column 'rules' is empty"),
        (
            '2,"1","2","2025-01-15T12:00:00Z","2025-01-15T12:00:00Z",1,false,"VIP",high',
            "column 'score': 'high' is not a number",
        ),
        (
            '2,"1","2","2025-01-15T12:00:00Z","2025-01-15T12:00:00Z",1,false,"VIP",nan',
            "column 'score': 'nan' is not a number",
        ),
    ],
)
def test_a_bad_value_names_the_line_and_column(row, message):
    with pytest.raises(rules.FileError, match="alerts.csv: line 3: " + message.replace("(", r"\(")):
        rules.read_alerts("alerts.csv", csv_with(row))


def test_a_bad_value_in_parquet_names_the_row():
    table = pa.table({**{c: [v] for c, v in _raw().items()}, "events": ["lots"]})
    with pytest.raises(rules.FileError, match=r"alerts.parquet: row 1: column 'events'"):
        rules.read_alerts("alerts.parquet", parquet_bytes(table))


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("alerts.xlsx", b"", "must be a .csv or .parquet"),
        ("alerts.csv", b"\xff\xfe\x00", "saved as UTF-8"),
        ("alerts.csv", HEADER.encode() + b"\n", "has no alerts"),
        ("alerts.parquet", b"not parquet", "not a readable Parquet file"),
    ],
)
def test_unusable_files_are_refused(name, data, message):
    with pytest.raises(rules.FileError, match=message):
        rules.read_alerts(name, data)


def test_summary_is_read():
    summary = rules.read_summary(
        "summary.json", b'{"events": 10, "explained_share": 0.9, "engine": "duckdb"}'
    )
    assert summary == rules.ScanSummary(10, 0.9, "duckdb")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"[1]", "not a summary.json"),
        (b"{", "not a summary.json"),
        (b'{"events": -1}', "'events'"),
        (b'{"explained_share": 2}', "'explained_share'"),
        (b'{"events": true}', "'events'"),
    ],
)
def test_a_bad_summary_is_refused(data, message):
    with pytest.raises(rules.FileError, match=message):
        rules.read_summary("summary.json", data)


def test_events_of_alerted_users_only_are_read():
    events = event_rows()
    assert {e.user_id for e in events} == {"100", "143"}
    assert events[0] == rules.AccessEvent("1", at(12, 32, 49), "100", "23", "view", "WS1", "Main", "")


def test_events_for_a_pair_alert_are_the_users_accesses_to_the_patient_in_its_window():
    first, bulk, _ = alert_rows()
    assert [e.event_id for e in rules.events_for(first, event_rows())] == ["1", "2", "3"]
    assert [e.event_id for e in rules.events_for(bulk, event_rows())] == ["5", "6"]


def test_events_are_capped_per_alert():
    first = alert_rows()[0]
    many = [
        rules.AccessEvent(str(i), at(12, 33), "100", "23", "view")
        for i in range(rules.MAX_EVENTS_PER_ALERT + 5)
    ]
    assert len(rules.events_for(first, many)) == rules.MAX_EVENTS_PER_ALERT


def test_events_from_parquet_with_integer_ids_and_naive_times():
    table = pa.table(
        {
            "event_id": [1, 2],
            "ts": pa.array(
                [datetime(2025, 1, 15, 12, 33), datetime(2025, 1, 15, 12, 34)], pa.timestamp("us")
            ),
            "user_id": [100, 7],
            "patient_id": [23, 23],
            "action": pa.array(["view", "view"]).dictionary_encode(),
        }
    )
    (event,) = rules.read_events("events.parquet", io.BytesIO(parquet_bytes(table)), alert_rows())
    assert (event.event_id, event.user_id, event.ts) == ("1", "100", at(12, 33))


def test_a_bad_event_of_an_alerted_user_names_its_line():
    data = EVENTS_CSV.replace("2025-01-15T12:35:00", "soon").encode()
    with pytest.raises(rules.FileError, match=r"events.csv: line 3: column 'ts': 'soon'"):
        rules.read_events("events.csv", io.BytesIO(data), alert_rows())


def test_events_file_without_a_needed_column_is_refused():
    data = EVENTS_CSV.replace("patient_id", "mrn").encode()
    with pytest.raises(rules.FileError, match="column 'patient_id' is missing"):
        rules.read_events("events.csv", io.BytesIO(data), alert_rows())


def test_an_unreadable_events_csv_is_refused():
    with pytest.raises(rules.FileError, match="not a readable CSV"):
        rules.read_events("events.csv", io.BytesIO(b"a,b\n1,2,3\n"), alert_rows())


def test_evidence_csv_keeps_formulas_as_text():
    text = rules.events_csv(rules.events_for(alert_rows()[0], event_rows()))
    assert text.splitlines()[0] == "event_id,ts,user_id,patient_id,action,workstation,site,btg_reason"
    assert text.splitlines()[3].endswith(",'=HYPERLINK(1)")


@given(
    user=st.text(alphabet="ABC123-", min_size=1, max_size=8),
    patient=st.text(alphabet="P0123456789", max_size=8),
    events=st.integers(min_value=1, max_value=10**6),
    score=st.floats(min_value=0, max_value=100, allow_nan=False),
    codes=st.lists(st.sampled_from(sorted(rules.RULE_NAMES)), min_size=1, max_size=4),
)
def test_any_valid_row_reads_back_as_written(user, patient, events, score, codes):
    times = '"2025-01-15T12:00:00Z","2025-01-15T13:00:00Z"'
    line = f'1,"{user}","{patient}",{times},{events},true,"{";".join(codes)}",{score!r}'
    (row,) = rules.read_alerts("alerts.csv", f"{HEADER}\n{line}\n".encode())
    assert (row.user_id, row.patient_id, row.events, row.rules, row.score) == (
        user,
        patient,
        events,
        tuple(codes),
        score,
    )
