"""The audit log's keyed hash chain and its signed checkpoints: pure functions, no Django.

Each entry's hash is an HMAC-SHA256, under a key kept outside the database (RAMPART_AUDIT_KEY), of its
number, its own fields and the previous entry's hash. Changing, inserting or removing any entry breaks
every hash after it, and without the key nobody can compute a new chain that fits. Entries are numbered
1, 2, 3 ... with no gaps, so a missing number is a deleted entry.

A checkpoint (the head hash, the number of entries, the last entry's number and the time), signed with
the same key and written outside the database, catches what the chain alone cannot: the newest entries
deleted, or the whole log replaced.

`entry_hash` is the plain SHA-256 of the first version, kept only so the migration that re-keys the
chain (core 0004) can check the old chain before replacing it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

GENESIS = "0" * 64
CHECKPOINT_MARK = "rampart_audit_checkpoint"
_ENTRY_PURPOSE = b"rampart-audit-entry-v2\0"
_CHECKPOINT_PURPOSE = b"rampart-audit-checkpoint-v1\0"


def canonical(fields: Mapping[str, Any]) -> bytes:
    """A stable byte form of an entry's fields: sorted keys, no spaces, UTF-8."""
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str).encode()


def entry_hash(previous: str, fields: Mapping[str, Any]) -> str:
    """The first, unkeyed chain (plain SHA-256): only for checking it before it is re-keyed."""
    return hashlib.sha256(previous.encode() + b"\n" + canonical(fields)).hexdigest()


def entry_mac(key: bytes, previous: str, entry_id: int, fields: Mapping[str, Any]) -> str:
    message = _ENTRY_PURPOSE + f"{entry_id}\n{previous}\n".encode() + canonical(fields)
    return hmac.new(key, message, hashlib.sha256).hexdigest()


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


@dataclass(frozen=True)
class Checkpoint:
    at: str
    last_id: int
    count: int
    head: str
    sig: str = ""

    def signed_part(self) -> dict[str, Any]:
        return {"at": self.at, "last_id": self.last_id, "count": self.count, "head": self.head}


def _checkpoint_sig(key: bytes, checkpoint: Checkpoint) -> str:
    return hmac.new(
        key, _CHECKPOINT_PURPOSE + canonical(checkpoint.signed_part()), hashlib.sha256
    ).hexdigest()


def sign_checkpoint(key: bytes, *, at: str, last_id: int, count: int, head: str) -> Checkpoint:
    unsigned = Checkpoint(at=at, last_id=last_id, count=count, head=head)
    return Checkpoint(at=at, last_id=last_id, count=count, head=head, sig=_checkpoint_sig(key, unsigned))


def checkpoint_line(checkpoint: Checkpoint) -> str:
    """One line of JSON; the mark lets `read_checkpoints` find it among other syslog lines."""
    return json.dumps({CHECKPOINT_MARK: 1, **asdict(checkpoint)}, sort_keys=True, separators=(",", ":"))


def read_checkpoints(lines: Iterable[str], key: bytes) -> tuple[list[Checkpoint], list[str]]:
    """The checkpoints whose signature holds, and a problem for every line that claims to be one but
    is unreadable or badly signed. Lines without the mark (other syslog messages) are ignored."""
    good: list[Checkpoint] = []
    problems: list[str] = []
    for number, line in enumerate(lines, start=1):
        if CHECKPOINT_MARK not in line:
            continue
        try:
            raw = json.loads(line[line.index("{") :])
            checkpoint = Checkpoint(
                at=str(raw["at"]),
                last_id=int(raw["last_id"]),
                count=int(raw["count"]),
                head=str(raw["head"]),
                sig=str(raw["sig"]),
            )
        except (ValueError, KeyError, TypeError):
            problems.append(f"checkpoint line {number} is unreadable")
            continue
        if not hmac.compare_digest(checkpoint.sig, _checkpoint_sig(key, checkpoint)):
            problems.append(
                f"checkpoint line {number} (entry {checkpoint.last_id}, {checkpoint.at}) has a bad "
                "signature: forged, changed, or signed with another RAMPART_AUDIT_KEY"
            )
            continue
        good.append(checkpoint)
    return good, problems


def first_break(
    links: Iterable[ChainLink], *, key: bytes, checkpoints: Sequence[Checkpoint] = ()
) -> Break | None:
    """Walk the chain in order and return the first entry that does not fit, or None.

    Entries must be numbered 1, 2, 3 ...; every checkpoint's entry must still be there with the same
    hash and the same number of entries up to it."""
    at_entry = {checkpoint.last_id: checkpoint for checkpoint in checkpoints}
    previous, count = GENESIS, 0
    for link in links:
        if link.id != count + 1:
            missing = f"{count + 1}" if link.id == count + 2 else f"{count + 1} to {link.id - 1}"
            return Break(link.id, f"entries are missing before it (deleted): number {missing}")
        if link.previous != previous:
            return Break(link.id, "its link to the previous entry does not match (removed or inserted entry)")
        if not hmac.compare_digest(entry_mac(key, previous, link.id, link.fields), link.hash):
            return Break(
                link.id,
                "its contents do not match its keyed hash (changed entry, or a chain rebuilt without "
                "RAMPART_AUDIT_KEY)",
            )
        count += 1
        checkpoint = at_entry.get(link.id)
        if checkpoint is not None and (checkpoint.head != link.hash or checkpoint.count != count):
            return Break(
                link.id,
                f"it does not match the checkpoint of {checkpoint.at} ({checkpoint.count} entries, head "
                f"{checkpoint.head[:12]}...): the log was rewritten",
            )
        previous = link.hash
    beyond = [checkpoint for checkpoint in checkpoints if checkpoint.last_id > count]
    if beyond:
        latest = max(beyond, key=lambda checkpoint: checkpoint.last_id)
        return Break(
            latest.last_id,
            f"the checkpoint of {latest.at} saw entries up to number {latest.last_id} ({latest.count} "
            f"entries) but the log ends at number {count}: the newest entries were deleted",
        )
    return None
