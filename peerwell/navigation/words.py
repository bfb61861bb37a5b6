"""The word index behind directory search, one per database engine.

PostgreSQL: a GIN index on the full-text vector of a service's name, other name and
description (`simple` configuration: no stemming, so English and Spanish words are
treated alike; each word of a search matches as a prefix). `VECTOR_SQL` is the indexed
expression, written out identically by the query so the planner uses the index.

SQLite: an FTS5 table over a small shadow table of the same words (`WORDS_TABLE`), kept
in step with the services by triggers. A service's primary key is its HSDS UUID, and
FTS5 keys rows by integer, so the shadow table gives each service a stable integer of
its own; a table rebuild of the services (Django's way of altering a SQLite table)
cannot renumber it. Both are created by migration 0002.
"""

from django.db import DEFAULT_DB_ALIAS, connections

VECTOR_SQL = (
    "to_tsvector('simple'::regconfig, \"navigation_service\".\"name\" || ' ' || "
    '"navigation_service"."alternate_name" || \' \' || "navigation_service"."description")'
)
PG_INDEX = "navigation_service_words"

WORDS_TABLE = "navigation_servicewords"
FTS_TABLE = "navigation_servicewords_fts"
COLUMNS = "name, alternate_name, description"

SQLITE_TABLES = [
    f"""CREATE TABLE IF NOT EXISTS {WORDS_TABLE} (
  id INTEGER PRIMARY KEY,
  service_id char(32) NOT NULL UNIQUE,
  name TEXT NOT NULL, alternate_name TEXT NOT NULL, description TEXT NOT NULL)""",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5({COLUMNS}, "
    f"content='{WORDS_TABLE}', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
]

# The words follow the services; the FTS5 index follows the words.
SQLITE_TRIGGERS = {
    "navigation_servicewords_service_insert": f"""
CREATE TRIGGER IF NOT EXISTS navigation_servicewords_service_insert
AFTER INSERT ON navigation_service BEGIN
  INSERT INTO {WORDS_TABLE}(service_id, {COLUMNS})
  VALUES (new.id, new.name, new.alternate_name, new.description);
END""",
    "navigation_servicewords_service_delete": f"""
CREATE TRIGGER IF NOT EXISTS navigation_servicewords_service_delete
AFTER DELETE ON navigation_service BEGIN
  DELETE FROM {WORDS_TABLE} WHERE service_id = old.id;
END""",
    "navigation_servicewords_service_update": f"""
CREATE TRIGGER IF NOT EXISTS navigation_servicewords_service_update
AFTER UPDATE OF id, name, alternate_name, description ON navigation_service
WHEN old.id IS NOT new.id OR old.name IS NOT new.name
  OR old.alternate_name IS NOT new.alternate_name OR old.description IS NOT new.description
BEGIN
  UPDATE {WORDS_TABLE} SET service_id = new.id, name = new.name,
    alternate_name = new.alternate_name, description = new.description
  WHERE service_id = old.id;
END""",
    "navigation_servicewords_fts_insert": f"""
CREATE TRIGGER IF NOT EXISTS navigation_servicewords_fts_insert
AFTER INSERT ON {WORDS_TABLE} BEGIN
  INSERT INTO {FTS_TABLE}(rowid, {COLUMNS})
  VALUES (new.id, new.name, new.alternate_name, new.description);
END""",
    "navigation_servicewords_fts_delete": f"""
CREATE TRIGGER IF NOT EXISTS navigation_servicewords_fts_delete
AFTER DELETE ON {WORDS_TABLE} BEGIN
  INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {COLUMNS})
  VALUES ('delete', old.id, old.name, old.alternate_name, old.description);
END""",
    "navigation_servicewords_fts_update": f"""
CREATE TRIGGER IF NOT EXISTS navigation_servicewords_fts_update
AFTER UPDATE ON {WORDS_TABLE} BEGIN
  INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {COLUMNS})
  VALUES ('delete', old.id, old.name, old.alternate_name, old.description);
  INSERT INTO {FTS_TABLE}(rowid, {COLUMNS})
  VALUES (new.id, new.name, new.alternate_name, new.description);
END""",
}
# Fill the words from the services (after the migration, or when triggers were lost).
SQLITE_REFILL = [
    f"DELETE FROM {WORDS_TABLE}",
    f"INSERT INTO {WORDS_TABLE}(service_id, {COLUMNS}) "
    f"SELECT id, {COLUMNS} FROM navigation_service",
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
]
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS] + [
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
    f"DROP TABLE IF EXISTS {WORDS_TABLE}",
]

PG_CREATE = [
    f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON navigation_service USING gin (({VECTOR_SQL}))"
]
PG_DROP = [f"DROP INDEX IF EXISTS {PG_INDEX}"]


def repair_sqlite_triggers(*, using=DEFAULT_DB_ALIAS, **kwargs) -> bool:
    """After every `migrate`: put back the triggers a rebuild of navigation_service
    dropped (SQLite drops a table's triggers with it), then refill the words, which
    may have missed changes meanwhile. Returns whether anything was fixed."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE name = %s OR type = 'trigger'", [WORDS_TABLE]
        )
        present = {row[0] for row in cursor.fetchall()}
        if WORDS_TABLE not in present:  # migration 0002 is not applied
            return False
        missing = [name for name in SQLITE_TRIGGERS if name not in present]
        for name in missing:
            cursor.execute(SQLITE_TRIGGERS[name])
        if missing:
            for sql in SQLITE_REFILL:
                cursor.execute(sql)
    return bool(missing)
