"""Writing and checking the audit log. Services call `record` explicitly; nothing is signal-based."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from rampart.core.hashchain import GENESIS, Break, ChainLink, entry_hash, first_break
from rampart.core.models import AuditAction, AuditEntry

# PostgreSQL advisory lock key for appending to the chain; SQLite serialises writers by itself.
_CHAIN_LOCK = 0x52414D50


def _describe(obj: models.Model | None) -> tuple[str, str]:
    if obj is None:
        return "", ""
    return obj._meta.label_lower, str(obj.pk)


def record(
    *,
    actor: Any,
    action: AuditAction | str,
    obj: models.Model | None = None,
    organisation: Any = None,
    detail: dict[str, Any] | None = None,
    actor_label: str = "",
) -> AuditEntry:
    """Append one entry, chained to the last. Runs inside the caller's transaction if there is one,
    so the entry commits or rolls back with the change it describes."""
    object_type, object_id = _describe(obj)
    user = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])
        last = AuditEntry.objects.order_by("-id").values_list("hash", flat=True).first()
        entry = AuditEntry(
            at=timezone.now(),
            actor=user,
            actor_label=actor_label or (user.email if user else ""),
            organisation=organisation,
            action=str(action),
            object_type=object_type,
            object_id=object_id,
            detail=detail or {},
            previous_hash=last or GENESIS,
        )
        entry.hash = entry_hash(entry.previous_hash, entry.chained_fields())
        entry.save(force_insert=True)
    return entry


def _links(batch: int = 5000) -> Iterator[ChainLink]:
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=batch):
        # Re-read `detail` through JSON so it hashes exactly as it was stored.
        yield ChainLink(entry.id, entry.chained_fields(), entry.previous_hash, entry.hash)


def verify() -> tuple[int, Break | None]:
    """Walk the whole chain; return how many entries were checked and the first break, if any."""
    checked = 0

    def counted() -> Iterator[ChainLink]:
        nonlocal checked
        for link in _links():
            checked += 1
            yield link

    broken = first_break(counted())
    return checked, broken
