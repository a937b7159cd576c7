from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction

from rampart.core import audit
from rampart.core.fields import EncryptedTextField, keyring
from rampart.core.models import AuditAction


def _stored_values(model: Any, names: list[str], pks: list[Any]) -> list[tuple[Any, ...]]:
    """The stored (still encrypted) values, read past the field's decryption."""
    quote = connection.ops.quote_name
    pk_column = model._meta.pk.column
    cols = ", ".join(quote(n) for n in [pk_column, *names])
    marks = ", ".join(["%s"] * len(pks))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {cols} FROM {quote(model._meta.db_table)} WHERE {quote(pk_column)} IN ({marks})",  # noqa: S608
            pks,
        )
        return list(cursor.fetchall())


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted field under the first key in RAMPART_DATA_KEY. Put the new key "
        "first and keep the old ones after it until this has finished."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args: Any, **options: Any) -> None:
        ring = keyring()
        size = options["batch_size"]
        total = 0
        for model in apps.get_models():
            fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
            if not fields:
                continue
            names = [f.column for f in fields]
            pks = list(model._default_manager.order_by("pk").values_list("pk", flat=True))
            for start in range(0, len(pks), size):
                batch = pks[start : start + size]
                with transaction.atomic():
                    stale = [
                        row[0]
                        for row in _stored_values(model, names, batch)
                        if any(v and ring.needs_rotation(v) for v in row[1:])
                    ]
                    for obj in model._default_manager.select_for_update().filter(pk__in=stale):
                        obj.save(update_fields=[f.name for f in fields])  # saving re-encrypts
                        total += 1
        audit.record(
            actor=None,
            action=AuditAction.KEY_ROTATED,
            actor_label="system",
            detail={"key_id": ring.current_id, "rows": total},
        )
        self.stdout.write(f"re-encrypted {total} rows under key {ring.current_id}")
