"""The audit trail's guard, now the one every append-only table uses (core.appendonly):
it also refuses TRUNCATE, fires under session_replication_role = replica, and exists on
SQLite too. The PostgreSQL-only trigger of 0002 goes first."""

from django.db import migrations

from peerwell.core.appendonly import GuardAppendOnly

# 0002's objects, exactly, so that migrating back restores them.
OLD_CREATE = """
CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'the audit trail is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_auditentry_append_only
  BEFORE UPDATE OR DELETE ON audit_auditentry
  FOR EACH ROW EXECUTE FUNCTION audit_append_only();
"""
OLD_DROP = """
DROP TRIGGER IF EXISTS audit_auditentry_append_only ON audit_auditentry;
DROP FUNCTION IF EXISTS audit_append_only();
"""


def drop_old(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(OLD_DROP, params=None)


def restore_old(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(OLD_CREATE, params=None)  # no client-side %-formatting


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_removed_action")]
    operations = [
        migrations.RunPython(drop_old, restore_old),
        GuardAppendOnly("AuditEntry"),
    ]
