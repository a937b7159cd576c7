"""The canonical tables of the contract and the kind of value each column holds."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Kind(Enum):
    ID = "identifier"
    TEXT = "text"
    TIMESTAMP = "timestamp"
    DATE = "date"
    FLAG = "true/false flag"


@dataclass(frozen=True)
class TableSpec:
    name: str
    required: dict[str, Kind]
    optional: dict[str, Kind]
    mandatory: bool = True

    @property
    def columns(self) -> dict[str, Kind]:
        return {**self.required, **self.optional}


EVENTS = TableSpec(
    "events",
    {
        "event_id": Kind.ID,
        "ts": Kind.TIMESTAMP,
        "user_id": Kind.ID,
        "patient_id": Kind.ID,
        "action": Kind.TEXT,
    },
    {"workstation": Kind.TEXT, "site": Kind.TEXT, "btg_reason": Kind.TEXT},
)

REFERENCE: tuple[TableSpec, ...] = (
    TableSpec(
        "staff",
        {
            "user_id": Kind.ID,
            "surname": Kind.TEXT,
            "address_id": Kind.TEXT,
            "postcode": Kind.TEXT,
            "department": Kind.TEXT,
            "role": Kind.TEXT,
            "patient_id": Kind.ID,
        },
        {},
    ),
    TableSpec(
        "patients",
        {
            "patient_id": Kind.ID,
            "surname": Kind.TEXT,
            "address_id": Kind.TEXT,
            "postcode": Kind.TEXT,
            "birth_date": Kind.DATE,
            "death_date": Kind.DATE,
            "vip": Kind.FLAG,
            "sensitive": Kind.FLAG,
            "safeguarding": Kind.FLAG,
        },
        {},
    ),
    TableSpec(
        "encounters",
        {
            "patient_id": Kind.ID,
            "department": Kind.TEXT,
            "start": Kind.TIMESTAMP,
            "end": Kind.TIMESTAMP,
            "user_id": Kind.ID,
        },
        {},
    ),
    TableSpec(
        "care_team",
        {"user_id": Kind.ID, "patient_id": Kind.ID, "start": Kind.TIMESTAMP, "end": Kind.TIMESTAMP},
        {},
    ),
    TableSpec(
        "rosters",
        {"user_id": Kind.ID, "start": Kind.TIMESTAMP, "end": Kind.TIMESTAMP},
        {},
        mandatory=False,
    ),
    # Not in the contract's list: recorded leave or sickness, used by CREDENTIAL when present.
    TableSpec(
        "leave",
        {"user_id": Kind.ID, "start": Kind.TIMESTAMP, "end": Kind.TIMESTAMP},
        {},
        mandatory=False,
    ),
)
