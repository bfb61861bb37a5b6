"""The network report's counts (models.ParticipantCount), kept by the database.

Triggers on the participant table add to or take from a count in the same statement as
the write that changes it: enrolling, an import or the seed (INSERT, COPY), a change of
preferred language, a merge (`merged_into` set), a deletion. However a row is written,
the count follows, and it commits or rolls back with it. Other edits (status, peer,
notes) do not touch the counts.

PostgreSQL: an insert or delete statement updates each count once, from the statement's
rows (transition tables), so a COPY of 20,000 participants is one update per count; an
update fires per row, only when the organization, the language or the merge changes.
SQLite: row triggers, restored after each `migrate` if a table rebuild dropped them
(`restore_triggers`).

`recount` counts everything again from the participant table: after the seed, and by
hand (`peerwell recount_network_report`) should the counts ever be doubted.
"""

from django.db import DEFAULT_DB_ALIAS, connections, transaction

COUNTS = "reports_participantcount"
PARTICIPANTS = "participants_participant"
TRIGGERS = ("reports_count_insert", "reports_count_delete", "reports_count_update")

# A count is added to with an upsert (the first participant of a language makes the row)
# and taken from with a plain update (the row exists while anyone is counted in it).
PG_CREATE = [
    f"""CREATE OR REPLACE FUNCTION reports_count_added() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO {COUNTS} AS c (organization_id, language, participants)
  SELECT organization_id, language, count(*) FROM added WHERE merged_into_id IS NULL
  GROUP BY organization_id, language ORDER BY organization_id, language
  ON CONFLICT (organization_id, language)
  DO UPDATE SET participants = c.participants + EXCLUDED.participants;
  RETURN NULL;
END $$""",
    f"""CREATE OR REPLACE FUNCTION reports_count_removed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE {COUNTS} AS c SET participants = c.participants - gone.n
  FROM (SELECT organization_id, language, count(*) AS n FROM removed
        WHERE merged_into_id IS NULL GROUP BY organization_id, language) AS gone
  WHERE c.organization_id = gone.organization_id AND c.language = gone.language;
  RETURN NULL;
END $$""",
    # Both counts of a move are taken in key order, so two opposite moves at once
    # (English to Spanish and back) wait for each other instead of deadlocking.
    f"""CREATE OR REPLACE FUNCTION reports_count_moved() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  counted_before boolean := OLD.merged_into_id IS NULL;
  counted_after boolean := NEW.merged_into_id IS NULL;
  add_first boolean := counted_before AND counted_after
    AND (NEW.organization_id, NEW.language) < (OLD.organization_id, OLD.language);
BEGIN
  IF add_first THEN
    INSERT INTO {COUNTS} AS c (organization_id, language, participants)
    VALUES (NEW.organization_id, NEW.language, 1)
    ON CONFLICT (organization_id, language) DO UPDATE SET participants = c.participants + 1;
  END IF;
  IF counted_before THEN
    UPDATE {COUNTS} SET participants = participants - 1
    WHERE organization_id = OLD.organization_id AND language = OLD.language;
  END IF;
  IF counted_after AND NOT add_first THEN
    INSERT INTO {COUNTS} AS c (organization_id, language, participants)
    VALUES (NEW.organization_id, NEW.language, 1)
    ON CONFLICT (organization_id, language) DO UPDATE SET participants = c.participants + 1;
  END IF;
  RETURN NULL;
END $$""",
    f"""CREATE OR REPLACE TRIGGER reports_count_insert AFTER INSERT ON {PARTICIPANTS}
REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION reports_count_added()""",
    f"""CREATE OR REPLACE TRIGGER reports_count_delete AFTER DELETE ON {PARTICIPANTS}
REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION reports_count_removed()""",
    f"""CREATE OR REPLACE TRIGGER reports_count_update
AFTER UPDATE OF organization_id, language, merged_into_id ON {PARTICIPANTS} FOR EACH ROW
WHEN (OLD.organization_id IS DISTINCT FROM NEW.organization_id
      OR OLD.language IS DISTINCT FROM NEW.language
      OR (OLD.merged_into_id IS NULL) <> (NEW.merged_into_id IS NULL))
EXECUTE FUNCTION reports_count_moved()""",
]
PG_DROP = [
    f"DROP TRIGGER IF EXISTS reports_count_insert ON {PARTICIPANTS}",
    f"DROP TRIGGER IF EXISTS reports_count_delete ON {PARTICIPANTS}",
    f"DROP TRIGGER IF EXISTS reports_count_update ON {PARTICIPANTS}",
    "DROP FUNCTION IF EXISTS reports_count_added()",
    "DROP FUNCTION IF EXISTS reports_count_removed()",
    "DROP FUNCTION IF EXISTS reports_count_moved()",
]

_SQLITE_ADD = f"""INSERT INTO {COUNTS} (organization_id, language, participants)
  SELECT new.organization_id, new.language, 1 WHERE new.merged_into_id IS NULL
  ON CONFLICT (organization_id, language) DO UPDATE SET participants = participants + 1;"""
_SQLITE_TAKE = f"""UPDATE {COUNTS} SET participants = participants - 1
  WHERE old.merged_into_id IS NULL
  AND organization_id = old.organization_id AND language = old.language;"""
SQLITE_TRIGGERS = {
    "reports_count_insert": f"""CREATE TRIGGER IF NOT EXISTS reports_count_insert
AFTER INSERT ON {PARTICIPANTS} BEGIN
  {_SQLITE_ADD}
END""",
    "reports_count_delete": f"""CREATE TRIGGER IF NOT EXISTS reports_count_delete
AFTER DELETE ON {PARTICIPANTS} BEGIN
  {_SQLITE_TAKE}
END""",
    "reports_count_update": f"""CREATE TRIGGER IF NOT EXISTS reports_count_update
AFTER UPDATE OF organization_id, language, merged_into_id ON {PARTICIPANTS}
WHEN old.organization_id IS NOT new.organization_id OR old.language IS NOT new.language
  OR (old.merged_into_id IS NULL) <> (new.merged_into_id IS NULL)
BEGIN
  {_SQLITE_TAKE}
  {_SQLITE_ADD}
END""",
}
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {name}" for name in TRIGGERS]

RECOUNT = f"""INSERT INTO {COUNTS} (organization_id, language, participants)
SELECT organization_id, language, count(*) FROM {PARTICIPANTS}
WHERE merged_into_id IS NULL GROUP BY organization_id, language"""


def create_statements(vendor: str) -> list[str]:
    return {"postgresql": PG_CREATE, "sqlite": list(SQLITE_TRIGGERS.values())}[vendor]


def drop_statements(vendor: str) -> list[str]:
    return {"postgresql": PG_DROP, "sqlite": SQLITE_DROP}[vendor]


def _counts(cursor) -> dict[tuple[int, str], int]:
    cursor.execute(f"SELECT organization_id, language, participants FROM {COUNTS}")
    return {(org, language): n for org, language, n in cursor.fetchall() if n}


def recount(*, using=DEFAULT_DB_ALIAS) -> int:
    """Counts every organization's participants again from their rows, in one
    transaction. Returns how many counts were wrong (0 when the triggers kept them)."""
    connection = connections[using]
    with transaction.atomic(using=using), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Enrollments and merges wait the moment this takes, so none is missed or
            # counted twice. (SQLite lets one writer at a time in anyway.)
            cursor.execute(f"LOCK TABLE {PARTICIPANTS} IN SHARE MODE")
        before = _counts(cursor)
        cursor.execute(f"DELETE FROM {COUNTS}")
        cursor.execute(RECOUNT)
        after = _counts(cursor)
    return sum(before.get(key) != after.get(key) for key in before.keys() | after.keys())


def _triggers(cursor, vendor: str) -> set[str]:
    if vendor == "postgresql":
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgrelid = %s::regclass",
            [PARTICIPANTS],
        )
    else:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    return {row[0] for row in cursor.fetchall()}


def restore_triggers(*, using=DEFAULT_DB_ALIAS, **kwargs) -> bool:
    """After every `migrate`: put back triggers that are missing, and count again.

    On SQLite, Django applies many schema changes to the participant table by copying it
    into a new table and dropping the old one, triggers included; the counts would then
    silently stop following enrollments. (On PostgreSQL only a hand-made change drops
    them.) Returns whether anything was fixed."""
    connection = connections[using]
    if COUNTS not in connection.introspection.table_names():  # not migrated this far
        return False
    with connection.cursor() as cursor:
        missing = set(TRIGGERS) - _triggers(cursor, connection.vendor)
        if missing:
            for sql in create_statements(connection.vendor):
                cursor.execute(sql)
    if missing:
        recount(using=using)
    return bool(missing)
