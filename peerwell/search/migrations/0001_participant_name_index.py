"""The name index for participant search: a GIN trigram index on PostgreSQL, an FTS5
trigram table kept in sync by triggers on SQLite (see peerwell/search/index.py, whose
post-migrate check restores the triggers if a later table rebuild drops them)."""

from django.db import migrations

PG_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS search_participant_names_trgm ON participants_participant "
    "USING gin ((lower(first_name || ' ' || last_name || ' ' || preferred_name)) gin_trgm_ops)",
]
# The extension stays: other database objects may use it by then.
PG_DROP = ["DROP INDEX IF EXISTS search_participant_names_trgm"]

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE search_participantname USING fts5("
    "first_name, last_name, preferred_name, content='participants_participant', "
    "content_rowid='id', tokenize='trigram')",
    """CREATE TRIGGER IF NOT EXISTS search_participantname_insert
AFTER INSERT ON participants_participant BEGIN
  INSERT INTO search_participantname(rowid, first_name, last_name, preferred_name)
  VALUES (new.id, new.first_name, new.last_name, new.preferred_name);
END""",
    """CREATE TRIGGER IF NOT EXISTS search_participantname_delete
AFTER DELETE ON participants_participant BEGIN
  INSERT INTO search_participantname(search_participantname, rowid, first_name, last_name,
    preferred_name)
  VALUES ('delete', old.id, old.first_name, old.last_name, old.preferred_name);
END""",
    """CREATE TRIGGER IF NOT EXISTS search_participantname_update
AFTER UPDATE OF id, first_name, last_name, preferred_name ON participants_participant BEGIN
  INSERT INTO search_participantname(search_participantname, rowid, first_name, last_name,
    preferred_name)
  VALUES ('delete', old.id, old.first_name, old.last_name, old.preferred_name);
  INSERT INTO search_participantname(rowid, first_name, last_name, preferred_name)
  VALUES (new.id, new.first_name, new.last_name, new.preferred_name);
END""",
    # Backfill: index every participant already enrolled.
    "INSERT INTO search_participantname(search_participantname) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_participantname_insert",
    "DROP TRIGGER IF EXISTS search_participantname_delete",
    "DROP TRIGGER IF EXISTS search_participantname_update",
    "DROP TABLE IF EXISTS search_participantname",
]


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in statements.get(vendor, []):
            schema_editor.execute(sql, params=None)  # no client-side %-formatting

    return run


class Migration(migrations.Migration):
    dependencies = [("participants", "0002_participant_discharge_reason_participant_status_and_more")]
    operations = [
        migrations.RunPython(
            _run({"postgresql": PG_CREATE, "sqlite": SQLITE_CREATE}),
            _run({"postgresql": PG_DROP, "sqlite": SQLITE_DROP}),
        )
    ]
