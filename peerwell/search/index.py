"""The name index behind participant search, one per database engine.

PostgreSQL: a GIN trigram index (pg_trgm) on `NAMES_SQL`, which `queries.NameText`
renders identically so the planner can use it. SQLite: an FTS5 table with the trigram
tokenizer over the participant table (external content: it stores only the index),
kept in sync by triggers. Both are created by migration 0001.
"""

from django.db import DEFAULT_DB_ALIAS, connections

FTS_TABLE = "search_participantname"
NAMES_SQL = "lower(first_name || ' ' || last_name || ' ' || preferred_name)"

# Renaming or deleting a participant updates the index in the same statement. Only
# name changes touch it: edits to other fields (version, updated_at) leave it alone.
SQLITE_TRIGGERS = {
    "search_participantname_insert": f"""
CREATE TRIGGER IF NOT EXISTS search_participantname_insert
AFTER INSERT ON participants_participant BEGIN
  INSERT INTO {FTS_TABLE}(rowid, first_name, last_name, preferred_name)
  VALUES (new.id, new.first_name, new.last_name, new.preferred_name);
END""",
    "search_participantname_delete": f"""
CREATE TRIGGER IF NOT EXISTS search_participantname_delete
AFTER DELETE ON participants_participant BEGIN
  INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, first_name, last_name, preferred_name)
  VALUES ('delete', old.id, old.first_name, old.last_name, old.preferred_name);
END""",
    "search_participantname_update": f"""
CREATE TRIGGER IF NOT EXISTS search_participantname_update
AFTER UPDATE OF id, first_name, last_name, preferred_name ON participants_participant BEGIN
  INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, first_name, last_name, preferred_name)
  VALUES ('delete', old.id, old.first_name, old.last_name, old.preferred_name);
  INSERT INTO {FTS_TABLE}(rowid, first_name, last_name, preferred_name)
  VALUES (new.id, new.first_name, new.last_name, new.preferred_name);
END""",
}
SQLITE_REBUILD = f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')"


def repair_sqlite_triggers(*, using=DEFAULT_DB_ALIAS, **kwargs) -> bool:
    """After every `migrate`: put back triggers that a table rebuild dropped.

    On SQLite, Django applies many schema changes to participants_participant by
    copying it into a new table and dropping the old one, which drops its triggers with
    it; the index would then silently stop following renames. When a trigger was
    missing, the index is rebuilt from the table. Returns whether anything was fixed."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE name = %s OR type = 'trigger'", [FTS_TABLE]
        )
        present = {row[0] for row in cursor.fetchall()}
        if FTS_TABLE not in present:  # the search migration is not applied
            return False
        missing = [name for name in SQLITE_TRIGGERS if name not in present]
        for name in missing:
            cursor.execute(SQLITE_TRIGGERS[name])
        if missing:
            cursor.execute(SQLITE_REBUILD)
    return bool(missing)
