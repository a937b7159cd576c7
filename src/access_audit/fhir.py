"""FHIR R4 AuditEvent NDJSON to canonical events.

Each line is one resource. `recorded` gives `ts`; the requesting agent (`agent[].requestor`) gives
`user_id`, its `network.address` the workstation; the entity whose `what` references a Patient gives
`patient_id`. A break-the-glass purpose (ActReason `BTG`) on the event or the agent gives
`btg_reason`. Lines that are not valid AuditEvents are rejected and counted, never fatal.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pyarrow as pa

from .errors import InputError

ACTIONS = {"C": "create", "R": "view", "U": "update", "D": "delete", "E": "execute"}
SUBTYPE_ACTIONS = ("search", "print", "export")

EVENT_SCHEMA = pa.schema(
    [
        ("event_id", pa.string()),
        ("ts", pa.timestamp("us")),
        ("user_id", pa.string()),
        ("patient_id", pa.string()),
        ("action", pa.string()),
        ("workstation", pa.string()),
        ("site", pa.string()),
        ("btg_reason", pa.string()),
    ]
)


class Malformed(ValueError):
    """One resource that cannot be mapped."""


def _reference_id(ref: Any, prefix: str) -> str | None:
    if not isinstance(ref, dict):
        return None
    identifier = ref.get("identifier")
    if isinstance(identifier, dict) and identifier.get("value"):
        return str(identifier["value"])
    reference = ref.get("reference")
    if isinstance(reference, str) and reference.startswith(prefix + "/"):
        return reference.split("/", 1)[1]
    return None


def _btg_reason(codeable: Any) -> str | None:
    for concept in codeable if isinstance(codeable, list) else []:
        for coding in concept.get("coding", []) if isinstance(concept, dict) else []:
            if isinstance(coding, dict) and coding.get("code") == "BTG":
                return str(concept.get("text") or coding.get("display") or "BTG")
    return None


def _requestor(resource: dict[str, Any]) -> dict[str, Any]:
    agents = resource.get("agent")
    if not isinstance(agents, list) or not agents:
        raise Malformed("no agent")
    people = [a for a in agents if isinstance(a, dict) and a.get("requestor") is True]
    if not people:
        raise Malformed("no requesting agent")
    agent: dict[str, Any] = people[0]
    return agent


def _patient(resource: dict[str, Any]) -> str:
    for entity in resource.get("entity") or []:
        found = _reference_id(entity.get("what"), "Patient") if isinstance(entity, dict) else None
        if found:
            return found
    raise Malformed("no patient entity")


def _timestamp(value: Any) -> datetime:
    if not isinstance(value, str):
        raise Malformed("no recorded time")
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise Malformed("bad recorded time") from exc
    if parsed.tzinfo is None:
        raise Malformed("recorded time has no time zone")
    return parsed.astimezone(UTC).replace(tzinfo=None)


def _action(resource: dict[str, Any]) -> str:
    for subtype in resource.get("subtype") or []:
        code = str(subtype.get("code", "")).lower() if isinstance(subtype, dict) else ""
        for word in SUBTYPE_ACTIONS:
            if word in code:
                return word
    return ACTIONS.get(str(resource.get("action", "R")), "view")


def audit_event_row(resource: Any) -> dict[str, Any]:
    """Map one parsed AuditEvent to a canonical event row, or raise Malformed."""
    if not isinstance(resource, dict) or resource.get("resourceType") != "AuditEvent":
        raise Malformed("not an AuditEvent")
    agent = _requestor(resource)
    user = _reference_id(agent.get("who"), "Practitioner") or _reference_id(
        agent.get("who"), "PractitionerRole"
    )
    if not user:
        raise Malformed("requesting agent has no identity")
    network: dict[str, Any] = agent["network"] if isinstance(agent.get("network"), dict) else {}
    source: dict[str, Any] = resource["source"] if isinstance(resource.get("source"), dict) else {}
    return {
        "event_id": str(resource.get("id") or ""),
        "ts": _timestamp(resource.get("recorded")),
        "user_id": user,
        "patient_id": _patient(resource),
        "action": _action(resource),
        "workstation": network.get("address"),
        "site": source.get("site"),
        "btg_reason": _btg_reason(resource.get("purposeOfEvent")) or _btg_reason(agent.get("purposeOfUse")),
    }


def read_audit_events(path: str) -> tuple[pa.Table, int]:
    """Read an NDJSON file of AuditEvents. Returns the events and the count of rejected lines."""
    rows: list[dict[str, Any]] = []
    rejected = 0
    try:
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    row = audit_event_row(json.loads(line))
                except (Malformed, json.JSONDecodeError, AttributeError, TypeError):
                    rejected += 1
                    continue
                row["event_id"] = row["event_id"] or f"line-{number}"
                rows.append(row)
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot read file ({exc})") from exc
    if not rows:
        raise InputError(path, f"no valid FHIR AuditEvent resources ({rejected} rejected)")
    return pa.Table.from_pylist(rows, schema=EVENT_SCHEMA), rejected
