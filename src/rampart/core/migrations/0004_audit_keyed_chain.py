"""Re-key the audit chain: from plain SHA-256 to an HMAC under RAMPART_AUDIT_KEY, numbered 1, 2, 3 ...

Before this migration anyone who could write to the database could delete entries and re-chain the
rest with plain SHA-256, and nobody would know. This migration:

1. checks the old SHA-256 chain from the first entry to the last, and stops (changing nothing) if it
   is already broken: re-keying a broken chain would hide the tampering, so that must be investigated
   first (`rampart audit verify` on the previous release names the entry);
2. numbers the entries 1, 2, 3 ... in their order (PostgreSQL sequences leave gaps where a transaction
   rolled back; from now on `core.audit.record` numbers entries itself, so a gap means a deletion);
3. recomputes every hash as HMAC-SHA256 under RAMPART_AUDIT_KEY (`core.hashchain.entry_mac`).

The append-only triggers are switched off for this one transaction only, so the migration must run as
the role that owns the table. Run `rampart audit checkpoint` straight after it (docs/operations-audit.md).
It cannot be reversed: the old chain is not kept.
"""

from django.conf import settings
from django.db import migrations

from rampart.core.hashchain import GENESIS, entry_hash, entry_mac

CHUNK = 2000


def _fields(entry):
    """Exactly `AuditEntry.chained_fields()` at the time of this migration."""
    return {
        "at": entry.at.isoformat(),
        "actor": entry.actor_id,
        "actor_label": entry.actor_label,
        "organisation": entry.organisation_id,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "detail": entry.detail,
    }


def _switch_triggers(schema_editor, *, on):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        # Deferred foreign-key checks still queued on the table would block ALTER TABLE: run them now.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        verb = "ENABLE" if on else "DISABLE"
        schema_editor.execute(f"ALTER TABLE core_auditentry {verb} TRIGGER rampart_audit_append_only")
    elif vendor == "sqlite":
        if on:
            schema_editor.execute(
                "CREATE TRIGGER rampart_audit_no_update BEFORE UPDATE ON core_auditentry BEGIN SELECT "
                "RAISE(ABORT, 'the audit log is append-only: UPDATE refused on core_auditentry'); END;"
            )
        else:
            schema_editor.execute("DROP TRIGGER IF EXISTS rampart_audit_no_update")


def rekey(apps, schema_editor):
    AuditEntry = apps.get_model("core", "AuditEntry")
    db = schema_editor.connection.alias
    entries = AuditEntry.objects.using(db).order_by("id")
    if not entries.exists():
        return
    key = settings.RAMPART_AUDIT_KEY
    _switch_triggers(schema_editor, on=False)
    old_previous, new_previous, number, seen = GENESIS, GENESIS, 0, 0
    while True:
        chunk = list(entries.filter(id__gt=seen)[:CHUNK])
        if not chunk:
            break
        for entry in chunk:
            fields = _fields(entry)
            if entry.previous_hash != old_previous or entry_hash(old_previous, fields) != entry.hash:
                raise RuntimeError(
                    f"The audit log's old SHA-256 chain is already broken at entry {entry.id}; re-keying "
                    "it would hide that. Nothing was changed. Investigate first (docs/operations-audit.md)."
                )
            number += 1
            new_hash = entry_mac(key, new_previous, number, fields)
            # Numbering only moves entries down, in order, so the number taken is always free.
            AuditEntry.objects.using(db).filter(id=entry.id).update(
                id=number, previous_hash=new_previous, hash=new_hash
            )
            old_previous, new_previous, seen = entry.hash, new_hash, entry.id
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "SELECT setval(pg_get_serial_sequence('core_auditentry', 'id'), %s)", params=[number]
        )
    _switch_triggers(schema_editor, on=True)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_ratelimitbucket")]
    operations = [migrations.RunPython(rekey)]
