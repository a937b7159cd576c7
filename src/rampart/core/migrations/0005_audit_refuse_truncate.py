"""PostgreSQL: refuse TRUNCATE on the audit log (migration 0002 refuses UPDATE and DELETE row by row,
but TRUNCATE fires no row triggers).

The application's role cannot TRUNCATE anyway (`rampart audit grant-app-role` grants it only INSERT and
SELECT); this trigger also stops the owner role that runs migrations. A superuser is let through: a
superuser can switch every trigger off (`session_replication_role`) in any case, and the test suite's
database flush runs as one. The owner and application roles must not be superusers
(docs/operations-audit.md). SQLite has no TRUNCATE.
"""

from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION rampart_audit_no_truncate() RETURNS trigger AS $$
BEGIN
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    RETURN NULL;
  END IF;
  RAISE EXCEPTION 'the audit log is append-only: TRUNCATE refused on core_auditentry';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER rampart_audit_no_truncate
  BEFORE TRUNCATE ON core_auditentry
  FOR EACH STATEMENT EXECUTE FUNCTION rampart_audit_no_truncate();
"""
PG_BACKWARD = """
DROP TRIGGER IF EXISTS rampart_audit_no_truncate ON core_auditentry;
DROP FUNCTION IF EXISTS rampart_audit_no_truncate();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("core", "0004_audit_keyed_chain")]
    operations = [migrations.RunPython(forward, backward)]
