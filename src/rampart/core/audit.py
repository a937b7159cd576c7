"""Writing and checking the audit log. Services call `record` explicitly; nothing is signal-based.

Entries are chained with an HMAC under RAMPART_AUDIT_KEY (never stored in the database) and numbered
1, 2, 3 ... with no gaps. `write_checkpoint` appends a signed checkpoint to RAMPART_AUDIT_CHECKPOINT_FILE
and/or RAMPART_AUDIT_SYSLOG, outside the database; `verify` checks the chain against those checkpoints.
See docs/operations-audit.md.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from rampart.core.hashchain import (
    GENESIS,
    Break,
    ChainLink,
    Checkpoint,
    checkpoint_line,
    entry_mac,
    first_break,
    read_checkpoints,
    sign_checkpoint,
)
from rampart.core.models import AuditAction, AuditEntry

# PostgreSQL advisory lock key for appending to the chain; SQLite serialises writers by itself.
_CHAIN_LOCK = 0x52414D50


class CheckpointNotConfigured(Exception):
    """Neither RAMPART_AUDIT_CHECKPOINT_FILE nor RAMPART_AUDIT_SYSLOG is set."""


def _describe(obj: models.Model | None) -> tuple[str, str]:
    if obj is None:
        return "", ""
    return obj._meta.label_lower, str(obj.pk)


def _stored_time(at: datetime | date | None) -> datetime:
    """UTC, so the time hashes the same when it is read back. A date is that day's midnight UTC."""
    if at is None:
        return timezone.now()
    if not isinstance(at, datetime):
        return datetime(at.year, at.month, at.day, tzinfo=UTC)
    if timezone.is_naive(at):
        raise ValueError("audit.record needs an aware datetime for `at`")
    return at.astimezone(UTC)


def record(
    *,
    actor: Any,
    action: AuditAction | str,
    obj: models.Model | None = None,
    organisation: Any = None,
    detail: dict[str, Any] | None = None,
    actor_label: str = "",
    at: datetime | date | None = None,
) -> AuditEntry:
    """Append one entry, chained to the last. Runs inside the caller's transaction if there is one,
    so the entry commits or rolls back with the change it describes.

    `at` defaults to now; the anonymous reporting pages pass a coarser time (the day) on purpose."""
    object_type, object_id = _describe(obj)
    user = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])
        last_id, previous = AuditEntry.objects.order_by("-id").values_list("id", "hash").first() or (
            0,
            GENESIS,
        )
        # The number is given here, under the lock, not by a sequence: a rolled-back entry leaves no
        # gap, so any gap `verify` finds is a deletion.
        entry = AuditEntry(
            id=last_id + 1,
            at=_stored_time(at),
            actor=user,
            actor_label=actor_label or (user.email if user else ""),
            organisation=organisation,
            action=str(action),
            object_type=object_type,
            object_id=object_id,
            detail=detail or {},
            previous_hash=previous,
        )
        entry.hash = entry_mac(settings.RAMPART_AUDIT_KEY, previous, entry.id, entry.chained_fields())
        entry.save(force_insert=True)
    return entry


def _links(batch: int = 5000) -> Iterator[ChainLink]:
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=batch):
        # Re-read `detail` through JSON so it hashes exactly as it was stored.
        yield ChainLink(entry.id, entry.chained_fields(), entry.previous_hash, entry.hash)


# --- checkpoints -----------------------------------------------------------------------------------


def current_checkpoint() -> Checkpoint:
    """A signed checkpoint of the log as it is now."""
    last_id, head = AuditEntry.objects.order_by("-id").values_list("id", "hash").first() or (0, GENESIS)
    count = AuditEntry.objects.filter(id__lte=last_id).count()
    return sign_checkpoint(
        settings.RAMPART_AUDIT_KEY,
        at=timezone.now().astimezone(UTC).isoformat(),
        last_id=last_id,
        count=count,
        head=head,
    )


def _append_line(path: Path, line: str) -> None:
    # O_APPEND: each write goes to the end even if the file is opened by several sweepers, and the
    # file works with `chattr +a` (append-only), so the application never needs to rewrite it.
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, (line + "\n").encode())
        os.fsync(fd)
    finally:
        os.close(fd)


def _send_to_syslog(target: str, line: str) -> None:
    """`/dev/log` (a local socket) or `host:port` (UDP)."""
    address: str | tuple[str, int]
    if ":" in target and not target.startswith("/"):
        host, _, port = target.rpartition(":")
        address = (host, int(port))
    else:
        address = target
    handler = logging.handlers.SysLogHandler(
        address=address, facility=logging.handlers.SysLogHandler.LOG_AUTH, socktype=socket.SOCK_DGRAM
    )
    try:
        handler.emit(
            logging.makeLogRecord({"msg": f"rampart: {line}", "levelno": logging.INFO, "levelname": "INFO"})
        )
    finally:
        handler.close()


def _last_in_file(path: Path) -> Checkpoint | None:
    if not path.is_file():
        return None
    with path.open("rb") as handle:
        handle.seek(max(0, path.stat().st_size - 4096))
        tail = handle.read().decode(errors="replace").splitlines()
    good, _ = read_checkpoints(tail, settings.RAMPART_AUDIT_KEY)
    return good[-1] if good else None


def write_checkpoint(*, only_if_changed: bool = False) -> Checkpoint | None:
    """Append a signed checkpoint to every configured target. With `only_if_changed` (the sweeper),
    nothing is written when the file's last checkpoint already has this head."""
    file_name = settings.RAMPART_AUDIT_CHECKPOINT_FILE
    syslog = settings.RAMPART_AUDIT_SYSLOG
    if not file_name and not syslog:
        raise CheckpointNotConfigured(
            "no checkpoint target: set RAMPART_AUDIT_CHECKPOINT_FILE and/or RAMPART_AUDIT_SYSLOG"
        )
    checkpoint = current_checkpoint()
    if only_if_changed and file_name:
        last = _last_in_file(Path(file_name))
        if last is not None and (last.last_id, last.head) == (checkpoint.last_id, checkpoint.head):
            return None
    line = checkpoint_line(checkpoint)
    if file_name:
        _append_line(Path(file_name), line)
    if syslog:
        _send_to_syslog(syslog, line)
    return checkpoint


# --- verifying -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    checked: int
    broken: Break | None
    checkpoints: int
    problems: list[str]  # checkpoint lines that are forged or unreadable, or a missing checkpoint file
    note: str = ""


def _checkpoints_from(path: Path | None) -> tuple[list[Checkpoint], list[str], str]:
    if path is None:
        return (
            [],
            [],
            (
                "no checkpoint file is configured, so deleting the newest entries would not be found "
                "(set RAMPART_AUDIT_CHECKPOINT_FILE)"
            ),
        )
    if not path.is_file():
        return [], [f"the checkpoint file {path} does not exist (run `rampart audit checkpoint`)"], ""
    with path.open(encoding="utf-8", errors="replace") as handle:
        good, problems = read_checkpoints(handle, settings.RAMPART_AUDIT_KEY)
    if not good and not problems:
        problems = [f"the checkpoint file {path} holds no checkpoint (run `rampart audit checkpoint`)"]
    return good, problems, ""


def check(*, checkpoint_file: str | Path | None = None) -> Verdict:
    """Walk the whole chain against the checkpoints in `checkpoint_file` (by default
    RAMPART_AUDIT_CHECKPOINT_FILE): every link, the numbering, and every checkpoint's entry."""
    name = checkpoint_file or settings.RAMPART_AUDIT_CHECKPOINT_FILE
    checkpoints, problems, note = _checkpoints_from(Path(name) if name else None)
    checked = 0

    def counted() -> Iterator[ChainLink]:
        nonlocal checked
        for link in _links():
            checked += 1
            yield link

    broken = first_break(counted(), key=settings.RAMPART_AUDIT_KEY, checkpoints=checkpoints)
    return Verdict(checked=checked, broken=broken, checkpoints=len(checkpoints), problems=problems, note=note)


def verify(*, checkpoint_file: str | Path | None = None) -> tuple[int, Break | None]:
    """`check` as (entries checked, first break); a forged or missing checkpoint counts as a break
    (numbered 0 when it is about the checkpoint file rather than an entry)."""
    verdict = check(checkpoint_file=checkpoint_file)
    if verdict.broken is None and verdict.problems:
        return verdict.checked, Break(0, verdict.problems[0])
    return verdict.checked, verdict.broken
