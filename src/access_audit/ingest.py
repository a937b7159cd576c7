"""Open input files on an Ibis backend and bring them to the canonical schema.

Files stay lazy on the backend (DuckDB views or Spark DataFrames): nothing is loaded into Python
except FHIR NDJSON, which has to be parsed. Every problem is reported as an InputError naming the
file and the column.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.types as ir

from .errors import InputError
from .fhir import read_audit_events
from .schema import EVENTS, REFERENCE, Kind, TableSpec

TRUE_WORDS = ("true", "t", "yes", "y", "1")
FALSE_WORDS = ("false", "f", "no", "n", "0", "")


@dataclass
class Inputs:
    """The canonical tables, lazily bound to one backend."""

    events: ir.Table
    staff: ir.Table
    patients: ir.Table
    encounters: ir.Table
    care_team: ir.Table
    rosters: ir.Table | None
    leave: ir.Table | None
    rejected: int = 0


def find_reference(directory: Path, name: str) -> Path | None:
    """`DIR/name.parquet`, `DIR/name.csv` or a directory `DIR/name/` of Parquet files."""
    for candidate in (directory / f"{name}.parquet", directory / f"{name}.csv", directory / name):
        if candidate.exists():
            return candidate
    return None


def _open(con: Any, path: Path) -> tuple[ir.Table, int]:
    name = path.name.lower()
    if path.is_dir():
        if not any(path.rglob("*.parquet")):
            raise InputError(str(path), "directory holds no Parquet files")
        source = f"{path}/**/*.parquet" if con.name == "duckdb" else str(path)
        return con.read_parquet(source), 0
    if name.endswith((".ndjson", ".jsonl")):
        events, rejected = read_audit_events(str(path))
        return ibis.memtable(events), rejected
    if name.endswith(".parquet"):
        return con.read_parquet(str(path)), 0
    if name.endswith((".csv", ".csv.gz")):
        return con.read_csv(str(path)), 0
    raise InputError(str(path), "unknown file type (expected .csv, .parquet, .ndjson or a directory)")


def open_table(con: Any, path: Path) -> tuple[ir.Table, int]:
    """Open a file on the backend, turning backend failures into an InputError."""
    if not path.exists():
        raise InputError(str(path), "file not found")
    try:
        table, rejected = _open(con, path)
        table.schema()
    except InputError:
        raise
    except Exception as exc:  # backends raise many types for unreadable files
        raise InputError(str(path), f"cannot read file ({type(exc).__name__}: {exc})") from exc
    return table, rejected


def _bad_values(con: Any, path: Path, column: str, raw: ir.Column, parsed: ir.Value, kind: Kind) -> None:
    text = raw.cast("string").strip()
    bad = raw.notnull() & (text != "") & parsed.isnull()
    example = con.to_pyarrow(raw.cast("string").min(where=bad)).as_py()
    if example is not None:
        raise InputError(str(path), f"value {example!r} is not a {kind.value}", column)


def _conform(con: Any, path: Path, table: ir.Table, column: str, kind: Kind) -> ir.Value:
    raw = table[column]
    dtype = raw.type()
    if kind is Kind.TEXT:
        return raw.cast("string")
    if kind is Kind.ID:
        if dtype.is_integer() or dtype.is_string() or dtype.is_null():
            return raw
    elif kind in (Kind.TIMESTAMP, Kind.DATE):
        target = "timestamp" if kind is Kind.TIMESTAMP else "date"
        if dtype.is_timestamp() or dtype.is_date():
            return raw.cast(target)
        if dtype.is_string() or dtype.is_null():
            parsed = raw.try_cast(target)
            _bad_values(con, path, column, raw, parsed, kind)
            return parsed
    elif dtype.is_boolean():
        return raw.fill_null(False)
    elif dtype.is_integer():
        return (raw != 0).fill_null(False)
    elif dtype.is_string() or dtype.is_null():
        word = raw.cast("string").strip().lower()
        parsed = ibis.cases((word.isin(TRUE_WORDS), True), (word.isin(FALSE_WORDS), False))
        _bad_values(con, path, column, raw, parsed, kind)
        return parsed.fill_null(False)
    raise InputError(str(path), f"expected {kind.value}, found {dtype}", column)


def conform(con: Any, path: Path, table: ir.Table, spec: TableSpec) -> ir.Table:
    """Select the canonical columns with canonical types; extra columns are dropped."""
    present = set(table.columns)
    columns: dict[str, ir.Value] = {}
    for column, kind in spec.columns.items():
        if column in present:
            columns[column] = _conform(con, path, table, column, kind)
        elif column in spec.required:
            raise InputError(str(path), f"missing (the {spec.name} table needs it)", column)
        else:
            columns[column] = ibis.null("string")
    return table.select(**columns)


def _unify_ids(tables: dict[str, ir.Table], specs: dict[str, TableSpec]) -> dict[str, ir.Table]:
    """Keep integer ids when every id column is an integer, otherwise compare them as text."""
    id_types = [
        tables[name][column].type()
        for name, spec in specs.items()
        for column, kind in spec.columns.items()
        if kind is Kind.ID
    ]
    as_int = all(t.is_integer() for t in id_types)
    unified = {}
    for name, spec in specs.items():
        table = tables[name]
        changes = {}
        for column, kind in spec.columns.items():
            if kind is Kind.ID:
                value = table[column]
                changes[column] = value.cast("int64") if as_int else value.cast("string").strip().nullif("")
        unified[name] = table.mutate(**changes)
    return unified


def load_inputs(con: Any, events_path: Path, reference_dir: Path) -> Inputs:
    """Open and check the events and the reference tables on `con`."""
    if not reference_dir.is_dir():
        raise InputError(str(reference_dir), "reference directory not found")
    raw_events, rejected = open_table(con, events_path)
    tables = {"events": conform(con, events_path, raw_events, EVENTS)}
    specs = {"events": EVENTS}
    for spec in REFERENCE:
        path = find_reference(reference_dir, spec.name)
        if path is None:
            if spec.mandatory:
                raise InputError(
                    str(reference_dir / spec.name), "reference table not found (.parquet or .csv)"
                )
            continue
        table, _ = open_table(con, path)
        tables[spec.name] = conform(con, path, table, spec)
        specs[spec.name] = spec
    tables = _unify_ids(tables, specs)
    return Inputs(
        events=tables["events"],
        staff=tables["staff"],
        patients=tables["patients"],
        encounters=tables["encounters"],
        care_team=tables["care_team"],
        rosters=tables.get("rosters"),
        leave=tables.get("leave"),
        rejected=rejected,
    )
