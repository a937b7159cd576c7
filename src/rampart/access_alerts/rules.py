"""Reading an `access-audit scan`'s output: alert rows, the scan summary and the access events that
back each alert. Pure Python and pyarrow, no Django: easy to test and the same for an upload or a
scan directory on the server.

Every problem is a `FileError` naming the file, the line (CSV) or row (Parquet) and the column, so a
privacy officer can fix the file; the caller imports nothing when one is raised.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import IO, Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

# The contract's rule codes (CONTRACTS.md §4), in the words a reviewer would use.
RULE_NAMES: dict[str, str] = {
    "SELF": "Looked at their own record",
    "FAMILY": "Possible family member (same address and surname)",
    "NEIGHBOUR": "Possible neighbour (same postcode)",
    "COWORKER": "The patient is a colleague",
    "VIP": "VIP or sensitive record",
    "VULNERABLE": "Child or safeguarding-flagged patient outside their service",
    "OUT_OF_HOURS": "Outside their working hours",
    "BULK": "Many records looked at in one day",
    "POST_DISCHARGE": "Long after their care of the patient ended",
    "DECEASED": "After the patient died",
    "PILE_ON": "One of many unrelated staff on one patient",
    "CREDENTIAL": "Login used at distant workstations at once, or while on leave",
}
ALERT_COLUMNS = (
    "rank",
    "user_id",
    "patient_id",
    "first_ts",
    "last_ts",
    "events",
    "explained",
    "rules",
    "score",
)
EVENT_COLUMNS = ("event_id", "ts", "user_id", "patient_id", "action")
EVENT_OPTIONAL = ("workstation", "site", "btg_reason")
# How many access events are kept as evidence for one alert (a bulk-browsing day can hold thousands).
MAX_EVENTS_PER_ALERT = 2000
_TRUE = {"true", "t", "yes", "y", "1"}
_FALSE = {"false", "f", "no", "n", "0"}


class FileError(ValueError):
    """The file cannot be used; the message says where and why."""


@dataclass(frozen=True)
class AlertRow:
    rank: int
    user_id: str
    patient_id: str  # empty for a user-level alert (bulk browsing, credential misuse)
    first_ts: datetime
    last_ts: datetime
    events: int
    explained: bool
    rules: tuple[str, ...]
    score: float

    def key_material(self) -> str:
        """What makes two rows the same alert: re-running a scan, or reading its CSV and its
        Parquet copy, gives the same text (times to the second, as the CSV writes them)."""
        first = self.first_ts.astimezone(UTC).replace(microsecond=0).isoformat()
        return f"{self.user_id}\0{self.patient_id}\0{first}"


@dataclass(frozen=True)
class AccessEvent:
    event_id: str
    ts: datetime
    user_id: str
    patient_id: str
    action: str
    workstation: str = ""
    site: str = ""
    btg_reason: str = ""


@dataclass(frozen=True)
class ScanSummary:
    events: int | None
    explained_share: float | None
    engine: str


# --- values -----------------------------------------------------------------------------------


def _identifier(value: Any, where: str, column: str, *, required: bool) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        text = ""
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value).strip()
    if required and not text:
        raise FileError(f"{where}: column '{column}' is empty")
    return text


def _timestamp(value: Any, where: str, column: str) -> datetime:
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str) and value.strip():
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            raise FileError(
                f"{where}: column '{column}': '{value}' is not a date and time like 2025-01-15T12:32:49Z"
            ) from None
    else:
        raise FileError(f"{where}: column '{column}' is empty")
    # The engine writes UTC; a time without a zone is taken as UTC, as the engine does.
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _whole_number(value: Any, where: str, column: str, *, minimum: int) -> int:
    try:
        number = int(str(value).strip()) if not isinstance(value, int) else value
    except ValueError:
        raise FileError(f"{where}: column '{column}': '{value}' is not a whole number") from None
    if isinstance(number, bool) or number < minimum:
        raise FileError(f"{where}: column '{column}': '{value}' must be {minimum} or more")
    return number


def _flag(value: Any, where: str, column: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower() if value is not None else ""
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise FileError(f"{where}: column '{column}': '{value}' is not true or false")


def _score(value: Any, where: str) -> float:
    try:
        score = float(value)
    except (TypeError, ValueError):
        raise FileError(f"{where}: column 'score': '{value}' is not a number") from None
    if not math.isfinite(score):
        raise FileError(f"{where}: column 'score': '{value}' is not a number")
    return score


def _rules(value: Any, where: str) -> tuple[str, ...]:
    codes = tuple(c.strip().upper() for c in str(value or "").split(";") if c.strip())
    unknown = [c for c in codes if c not in RULE_NAMES]
    if unknown:
        raise FileError(f"{where}: column 'rules': '{unknown[0]}' is not one of the scan's rule codes")
    if not codes:
        raise FileError(f"{where}: column 'rules' is empty")
    return codes


def parse_alert(raw: Mapping[str, Any], where: str) -> AlertRow:
    """One alert row, checked column by column."""
    first = _timestamp(raw.get("first_ts"), where, "first_ts")
    last = _timestamp(raw.get("last_ts"), where, "last_ts")
    if last < first:
        raise FileError(f"{where}: column 'last_ts' is before 'first_ts'")
    return AlertRow(
        rank=_whole_number(raw.get("rank"), where, "rank", minimum=1),
        user_id=_identifier(raw.get("user_id"), where, "user_id", required=True),
        patient_id=_identifier(raw.get("patient_id"), where, "patient_id", required=False),
        first_ts=first,
        last_ts=last,
        events=_whole_number(raw.get("events"), where, "events", minimum=1),
        explained=_flag(raw.get("explained"), where, "explained"),
        rules=_rules(raw.get("rules"), where),
        score=_score(raw.get("score"), where),
    )


# --- files --------------------------------------------------------------------------------------


def _kind(name: str) -> str:
    lowered = name.lower()
    if lowered.endswith(".csv"):
        return "csv"
    if lowered.endswith(".parquet"):
        return "parquet"
    raise FileError(f"{name}: the file must be a .csv or .parquet file from access-audit scan")


def _check_columns(name: str, present: Iterable[str], needed: Sequence[str]) -> None:
    have = set(present)
    missing = [c for c in needed if c not in have]
    if missing:
        raise FileError(f"{name}: column '{missing[0]}' is missing (needed: {', '.join(needed)})")


def _parquet(name: str, source: IO[bytes] | str) -> pa.Table:
    try:
        return pq.read_table(source)
    except (pa.ArrowException, OSError) as error:
        raise FileError(f"{name}: not a readable Parquet file ({error})") from None


def read_alerts(name: str, data: bytes) -> list[AlertRow]:
    """Every alert in an alerts.csv or alerts.parquet, or a FileError for the first bad value."""
    kind = _kind(name)
    if kind == "csv":
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise FileError(f"{name}: the file must be a CSV saved as UTF-8") from None
        reader = csv.DictReader(io.StringIO(text))
        _check_columns(name, reader.fieldnames or [], ALERT_COLUMNS)
        # Line 1 is the header, so the first alert is on line 2.
        rows = [parse_alert(raw, f"{name}: line {reader.line_num}") for raw in reader]
    else:
        table = _parquet(name, io.BytesIO(data))
        _check_columns(name, table.column_names, ALERT_COLUMNS)
        rows = [parse_alert(raw, f"{name}: row {n}") for n, raw in enumerate(table.to_pylist(), start=1)]
    if not rows:
        raise FileError(f"{name}: the file has no alerts")
    return rows


def read_summary(name: str, data: bytes) -> ScanSummary:
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise FileError(f"{name}: not a summary.json from access-audit scan") from None
    if not isinstance(raw, dict):
        raise FileError(f"{name}: not a summary.json from access-audit scan")
    events, share = raw.get("events"), raw.get("explained_share")
    if events is not None and (not isinstance(events, int) or isinstance(events, bool) or events < 0):
        raise FileError(f"{name}: 'events' must be a whole number")
    if share is not None and (not isinstance(share, int | float) or not 0 <= share <= 1):
        raise FileError(f"{name}: 'explained_share' must be a number from 0 to 1")
    return ScanSummary(
        events=events,
        explained_share=None if share is None else float(share),
        engine=str(raw.get("engine") or "")[:20],
    )


def read_events(name: str, source: IO[bytes] | str, alerts: Sequence[AlertRow]) -> list[AccessEvent]:
    """The access events of the alerted users, from the events file given to the scan.

    Only rows of users with an alert are converted (a day's events can number millions), so a bad
    value elsewhere in the file is not reported; a bad value in a row we keep is, with its line.
    """
    kind = _kind(name)
    if kind == "csv":
        try:
            table = pacsv.read_csv(
                source,
                read_options=pacsv.ReadOptions(encoding="utf8"),
                convert_options=pacsv.ConvertOptions(
                    column_types={c: pa.string() for c in (*EVENT_COLUMNS, *EVENT_OPTIONAL)},
                    strings_can_be_null=False,
                ),
            )
        except pa.ArrowException as error:
            raise FileError(f"{name}: not a readable CSV file ({error})") from None
        first_line, unit = 2, "line"
    else:
        table = _parquet(name, source)
        first_line, unit = 1, "row"
    _check_columns(name, table.column_names, EVENT_COLUMNS)
    users = pa.array(sorted({a.user_id for a in alerts}), type=pa.string())
    user_ids = pc.utf8_trim_whitespace(pc.cast(table["user_id"], pa.string()))
    keep = pc.fill_null(pc.is_in(user_ids, value_set=users), False)
    positions = pc.indices_nonzero(keep)
    wanted = table.take(positions).to_pylist()
    events = []
    for position, raw in zip(positions.to_pylist(), wanted, strict=True):
        where = f"{name}: {unit} {position + first_line}"
        events.append(
            AccessEvent(
                event_id=_identifier(raw.get("event_id"), where, "event_id", required=True),
                ts=_timestamp(raw.get("ts"), where, "ts"),
                user_id=_identifier(raw.get("user_id"), where, "user_id", required=True),
                patient_id=_identifier(raw.get("patient_id"), where, "patient_id", required=True),
                action=_identifier(raw.get("action"), where, "action", required=False),
                **{c: _identifier(raw.get(c), where, c, required=False) for c in EVENT_OPTIONAL},
            )
        )
    return events


def events_for(alert: AlertRow, events: Iterable[AccessEvent]) -> list[AccessEvent]:
    """The accesses an alert is about: the user's accesses to the patient (or, for a user-level
    alert, to anyone) from its first to its last access, in time order, at most MAX_EVENTS_PER_ALERT."""
    # The CSV gives times to the second: take the whole first and last seconds.
    first = alert.first_ts.replace(microsecond=0)
    after_last = alert.last_ts.replace(microsecond=0) + timedelta(seconds=1)
    matched = sorted(
        (
            e
            for e in events
            if e.user_id == alert.user_id
            and (not alert.patient_id or e.patient_id == alert.patient_id)
            and first <= e.ts < after_last
        ),
        key=lambda e: (e.ts, e.event_id),
    )
    return matched[:MAX_EVENTS_PER_ALERT]


def _cell(value: str) -> str:
    """Text a spreadsheet would run as a formula is kept as text (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def events_csv(events: Iterable[AccessEvent]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*EVENT_COLUMNS, *EVENT_OPTIONAL])
    for e in events:
        row = [e.event_id, e.ts.strftime("%Y-%m-%dT%H:%M:%SZ"), e.user_id, e.patient_id, e.action]
        writer.writerow([_cell(v) for v in (*row, e.workstation, e.site, e.btg_reason)])
    return out.getvalue()
