"""Tiny hand-made trusts for the access_audit tests.

`Trust` holds rows for each table; `write()` puts them in a directory as Parquet (or CSV) so tests
go through the same ingest path as real runs. Everyone starts with a clean record: no relationships,
different surnames, addresses and postcodes, adults, alive, not flagged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from access_audit.backends import connect
from access_audit.ingest import load_inputs
from access_audit.pipeline import ScanResult, scan

DAY0 = datetime(2025, 3, 3)


def at(day: int = 0, hour: float = 10) -> datetime:
    return DAY0 + timedelta(days=day, hours=hour)


@dataclass
class Trust:
    staff: list[dict[str, Any]] = field(default_factory=list)
    patients: list[dict[str, Any]] = field(default_factory=list)
    encounters: list[dict[str, Any]] = field(default_factory=list)
    care_team: list[dict[str, Any]] = field(default_factory=list)
    rosters: list[dict[str, Any]] | None = None
    leave: list[dict[str, Any]] | None = None
    events: list[dict[str, Any]] = field(default_factory=list)

    def add_staff(self, user: int, **fields: Any) -> None:
        row = {
            "user_id": user,
            "surname": f"Staffname{user}",
            "address_id": f"SA{user}",
            "postcode": f"SP{user}",
            "department": "cardiology",
            "role": "nurse",
            "patient_id": None,
        }
        self.staff.append({**row, **fields})

    def add_patient(self, patient: int, **fields: Any) -> None:
        row = {
            "patient_id": patient,
            "surname": f"Patientname{patient}",
            "address_id": f"PA{patient}",
            "postcode": f"PP{patient}",
            "birth_date": date(1970, 1, 1),
            "death_date": None,
            "vip": False,
            "sensitive": False,
            "safeguarding": False,
        }
        self.patients.append({**row, **fields})

    def access(self, user: int, patient: int, when: datetime, *, times: int = 1, **fields: Any) -> None:
        for i in range(times):
            self.events.append(
                {
                    "event_id": len(self.events) + 1,
                    "ts": when + timedelta(minutes=i),
                    "user_id": user,
                    "patient_id": patient,
                    "action": fields.get("action", "view"),
                    "workstation": fields.get("workstation", "WS1"),
                    "site": fields.get("site", "Site-A"),
                    "btg_reason": fields.get("btg_reason") if i == 0 else None,
                }
            )

    def encounter(
        self, patient: int, department: str, start: datetime, end: datetime, user: int | None = None
    ) -> None:
        self.encounters.append(
            {"patient_id": patient, "department": department, "start": start, "end": end, "user_id": user}
        )

    def tables(self) -> dict[str, pa.Table]:
        schemas = {
            "staff": [
                ("user_id", pa.int64()),
                ("surname", pa.string()),
                ("address_id", pa.string()),
                ("postcode", pa.string()),
                ("department", pa.string()),
                ("role", pa.string()),
                ("patient_id", pa.int64()),
            ],
            "patients": [
                ("patient_id", pa.int64()),
                ("surname", pa.string()),
                ("address_id", pa.string()),
                ("postcode", pa.string()),
                ("birth_date", pa.date32()),
                ("death_date", pa.date32()),
                ("vip", pa.bool_()),
                ("sensitive", pa.bool_()),
                ("safeguarding", pa.bool_()),
            ],
            "encounters": [
                ("patient_id", pa.int64()),
                ("department", pa.string()),
                ("start", pa.timestamp("us")),
                ("end", pa.timestamp("us")),
                ("user_id", pa.int64()),
            ],
            "care_team": [
                ("user_id", pa.int64()),
                ("patient_id", pa.int64()),
                ("start", pa.timestamp("us")),
                ("end", pa.timestamp("us")),
            ],
            "rosters": [("user_id", pa.int64()), ("start", pa.timestamp("us")), ("end", pa.timestamp("us"))],
            "leave": [("user_id", pa.int64()), ("start", pa.timestamp("us")), ("end", pa.timestamp("us"))],
            "events": [
                ("event_id", pa.int64()),
                ("ts", pa.timestamp("us")),
                ("user_id", pa.int64()),
                ("patient_id", pa.int64()),
                ("action", pa.string()),
                ("workstation", pa.string()),
                ("site", pa.string()),
                ("btg_reason", pa.string()),
            ],
        }
        out = {}
        for name, columns in schemas.items():
            rows = getattr(self, name)
            if rows is not None:
                out[name] = pa.Table.from_pylist(rows, schema=pa.schema(columns))
        return out

    def write(self, directory: Path, *, csv: bool = False) -> tuple[Path, Path]:
        reference = directory / "reference"
        reference.mkdir(parents=True, exist_ok=True)
        for name, table in self.tables().items():
            target = directory / "events" if name == "events" else reference / name
            path = target.with_suffix(".csv" if csv else ".parquet")
            (pacsv.write_csv if csv else pq.write_table)(table, path)
        return directory / ("events.csv" if csv else "events.parquet"), reference


def run_scan(trust: Trust, directory: Path, **kwargs: Any) -> ScanResult:
    events, reference = trust.write(directory)
    con = connect("duckdb", threads=1, temp_dir=str(directory))
    return scan(con, load_inputs(con, events, reference), **kwargs)


def alert_rules(result: ScanResult) -> dict[tuple[str, str | None], set[str]]:
    return {(a["user_id"], a["patient_id"]): set(a["rules"].split(";")) for a in result.alerts.to_pylist()}


@pytest.fixture
def trust() -> Trust:
    """Two staff (1, 2) in cardiology and three adult patients (10, 11, 12)."""
    world = Trust()
    world.add_staff(1)
    world.add_staff(2)
    for patient in (10, 11, 12):
        world.add_patient(patient)
    return world


@pytest.fixture(scope="session")
def spark_session() -> Any:
    pytest.importorskip("pyspark")
    from access_audit.backends import spark_session as make

    session = make(2, "1g")
    yield session
    session.stop()
