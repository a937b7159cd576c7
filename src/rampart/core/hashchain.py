"""The audit log's hash chain: pure functions, no Django.

Each entry's hash covers its own fields and the previous entry's hash, so changing, inserting or
removing any entry breaks every hash after it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


def canonical(fields: Mapping[str, Any]) -> bytes:
    """A stable byte form of an entry's fields: sorted keys, no spaces, UTF-8."""
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str).encode()


def entry_hash(previous: str, fields: Mapping[str, Any]) -> str:
    return hashlib.sha256(previous.encode() + b"\n" + canonical(fields)).hexdigest()


@dataclass(frozen=True)
class ChainLink:
    id: int
    fields: Mapping[str, Any]
    previous: str
    hash: str


@dataclass(frozen=True)
class Break:
    id: int
    problem: str


def first_break(links: Iterable[ChainLink], *, previous: str = GENESIS) -> Break | None:
    """Walk the chain in order and return the first entry that does not fit, or None."""
    for link in links:
        if link.previous != previous:
            return Break(link.id, "its link to the previous entry does not match (removed or inserted entry)")
        if entry_hash(previous, link.fields) != link.hash:
            return Break(link.id, "its contents do not match its hash (changed entry)")
        previous = link.hash
    return None
