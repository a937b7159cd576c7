from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from rampart.core import audit
from rampart.core.crypto import DecryptionError
from rampart.core.fields import EncryptedTextField, keyring
from rampart.core.models import AuditAction


def _stored_values(model: Any, columns: list[str], pks: list[Any]) -> list[tuple[Any, ...]]:
    """The stored (still encrypted) values, read past the field's decryption."""
    quote = connection.ops.quote_name
    pk_column = model._meta.pk.column
    cols = ", ".join(quote(n) for n in [pk_column, *columns])
    marks = ", ".join(["%s"] * len(pks))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {cols} FROM {quote(model._meta.db_table)} WHERE {quote(pk_column)} IN ({marks})",  # noqa: S608
            pks,
        )
        return list(cursor.fetchall())


def _rewrite_batch(
    model: Any, fields: list[EncryptedTextField], pks: list[Any], unreadable: list[str]
) -> int:
    """Rewrite, in one transaction, every value in these rows not yet v2 under the current key."""
    ring = keyring()
    manager = model._base_manager
    rewritten = 0
    with transaction.atomic():
        list(manager.select_for_update().filter(pk__in=pks).values_list("pk", flat=True))
        for pk, *stored in _stored_values(model, [f.column for f in fields], pks):
            try:
                changes = {
                    field.name: field.decrypt_stored(value)
                    for field, value in zip(fields, stored, strict=True)
                    if value and ring.needs_rotation(value)
                }
            except DecryptionError as exc:
                unreadable.append(f"{model._meta.label} pk {pk}: {exc}")
                continue
            if changes:
                # QuerySet.update encrypts through the field: v2, current key, bound to table and column.
                manager.filter(pk=pk).update(**changes)
                rewritten += 1
    return rewritten


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted field under the first key in RAMPART_DATA_KEY, and rewrite values "
        "from before associated data (enc:v1) bound to their table and column (enc:v2). Put the new key "
        "first and keep the old ones after it until this has finished. Values that cannot be read (plain "
        "text, altered, moved or under a key no longer configured) are named and left as they are."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args: Any, **options: Any) -> None:
        ring = keyring()
        size = options["batch_size"]
        total = 0
        unreadable: list[str] = []
        for model in apps.get_models():
            fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
            if not fields:
                continue
            pks = list(model._base_manager.order_by("pk").values_list("pk", flat=True))
            for start in range(0, len(pks), size):
                total += _rewrite_batch(model, fields, pks[start : start + size], unreadable)
        audit.record(
            actor=None,
            action=AuditAction.KEY_ROTATED,
            actor_label="system",
            detail={"key_id": ring.current_id, "rows": total, "unreadable": len(unreadable)},
        )
        self.stdout.write(f"re-encrypted {total} rows under key {ring.current_id}")
        if unreadable:
            raise CommandError(
                f"{len(unreadable)} rows have values that cannot be read and were left as they are:\n"
                + "\n".join(unreadable)
            )
