"""Make the audit log append-only in the database itself.

PostgreSQL: a trigger refuses UPDATE and DELETE on core_auditentry for every role (TRUNCATE is left
to the database owner, for test databases). In production the application's role should also be
granted only INSERT and SELECT on the table (see docs/ARCHITECTURE.md). SQLite (demo only): a
trigger refuses UPDATE; deletion of an entry is still caught by `rampart audit verify`.
"""

from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION rampart_audit_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only: % refused on core_auditentry', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER rampart_audit_append_only
  BEFORE UPDATE OR DELETE ON core_auditentry
  FOR EACH ROW EXECUTE FUNCTION rampart_audit_append_only();
"""
PG_BACKWARD = """
DROP TRIGGER IF EXISTS rampart_audit_append_only ON core_auditentry;
DROP FUNCTION IF EXISTS rampart_audit_append_only();
"""
SQLITE_FORWARD = """
CREATE TRIGGER rampart_audit_no_update BEFORE UPDATE ON core_auditentry
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: UPDATE refused on core_auditentry'); END;
"""
SQLITE_BACKWARD = "DROP TRIGGER IF EXISTS rampart_audit_no_update;"


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD, params=None)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_FORWARD)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
