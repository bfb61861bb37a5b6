"""Rows that are written once and never changed or deleted: the audit trail and the
disclosures of the accounting (42 CFR 2.24).

Two guards. The ORM refuses (AppendOnlyModel, AppendOnlyQuerySet). The database refuses
any client, through triggers that each app installs with one migration operation,
`GuardAppendOnly("ModelName")`. On PostgreSQL they refuse UPDATE, DELETE and TRUNCATE,
even under `session_replication_role = replica`, and only the tables' owner can remove
them: the web process connects as another role (see `database_roles`). SQLite has no
TRUNCATE; a DELETE without WHERE fires the DELETE trigger.
"""

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.backends.utils import truncate_name
from django.db.migrations.operations.base import Operation


class AppendOnly(Exception):
    """An attempt to change or delete a row that may only be added."""


class AppendOnlyQuerySet(models.QuerySet):
    """Refuses bulk updates and deletes. Mix in before the model's own queryset."""

    def update(self, **kwargs):
        raise AppendOnly(f"{self.model._meta.label} rows cannot be changed.")

    def delete(self):
        raise AppendOnly(f"{self.model._meta.label} rows cannot be deleted.")


class AppendOnlyModel(models.Model):
    """Saves only new rows; refuses to change or delete one."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly(f"{self._meta.label} rows cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly(f"{self._meta.label} rows cannot be deleted.")


def append_only_tables() -> list[str]:
    """The tables of every installed AppendOnlyModel."""
    return sorted(
        m._meta.db_table
        for m in apps.get_models()
        if issubclass(m, AppendOnlyModel) and not m._meta.proxy
    )


# --- The database guard ----------------------------------------------------------------


def _names(connection, table: str) -> dict[str, str]:
    """The guard's object names for `table`, unquoted and within the length limit."""
    limit = connection.ops.max_name_length()
    parts = {"function": "append_only"}
    parts |= {op: f"append_only_{op}" for op in ("row", "truncate", "update", "delete")}
    return {"table": table} | {k: truncate_name(f"{table}_{v}", limit) for k, v in parts.items()}


def _quoted(connection, table: str) -> dict[str, str]:
    return {k: connection.ops.quote_name(v) for k, v in _names(connection, table).items()}


def guard_statements(connection, table: str) -> list[str]:
    """SQL that makes `table` refuse UPDATE, DELETE (and TRUNCATE) from any client.
    Safe to run again on a guarded table. No statement has a `%`, so no driver
    formats it."""
    n = _quoted(connection, table)
    if connection.vendor == "postgresql":
        return [
            f"""CREATE OR REPLACE FUNCTION {n["function"]}() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING MESSAGE = TG_TABLE_NAME || ' is append-only: ' || TG_OP || ' refused';
END $$""",
            f"CREATE OR REPLACE TRIGGER {n['row']} BEFORE UPDATE OR DELETE ON {n['table']} "
            f"FOR EACH ROW EXECUTE FUNCTION {n['function']}()",
            f"CREATE OR REPLACE TRIGGER {n['truncate']} BEFORE TRUNCATE ON {n['table']} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {n['function']}()",
            # ALWAYS: the triggers fire in replica sessions too, which skip ordinary ones.
            f"ALTER TABLE {n['table']} ENABLE ALWAYS TRIGGER {n['row']}",
            f"ALTER TABLE {n['table']} ENABLE ALWAYS TRIGGER {n['truncate']}",
        ]
    if connection.vendor == "sqlite":
        literal = table.replace("'", "''")
        return [
            f"CREATE TRIGGER IF NOT EXISTS {n[op.lower()]} BEFORE {op} ON {n['table']} "
            f"BEGIN SELECT RAISE(ABORT, '{literal} is append-only: {op} refused'); END"
            for op in ("UPDATE", "DELETE")
        ]
    raise NotImplementedError(f"No append-only guard for {connection.vendor}.")


def unguard_statements(connection, table: str) -> list[str]:
    """SQL that removes what `guard_statements` made (only the owner can run it)."""
    n = _quoted(connection, table)
    if connection.vendor == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS {n['row']} ON {n['table']}",
            f"DROP TRIGGER IF EXISTS {n['truncate']} ON {n['table']}",
            f"DROP FUNCTION IF EXISTS {n['function']}()",
        ]
    if connection.vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {n['update']}", f"DROP TRIGGER IF EXISTS {n['delete']}"]
    raise NotImplementedError(f"No append-only guard for {connection.vendor}.")


def _run_pending_checks(cursor, connection) -> None:
    """PostgreSQL alters no table while foreign-key checks deferred earlier in the
    transaction are pending: run them now, and defer later ones again as usual."""
    if connection.vendor == "postgresql":
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def guard(connection, tables) -> None:
    with connection.cursor() as cursor:
        _run_pending_checks(cursor, connection)
        for table in tables:
            for sql in guard_statements(connection, table):
                cursor.execute(sql)


def unguard(connection, tables) -> None:
    with connection.cursor() as cursor:
        _run_pending_checks(cursor, connection)
        for table in tables:
            for sql in unguard_statements(connection, table):
                cursor.execute(sql)


class GuardAppendOnly(Operation):
    """Migration operation: the database refuses to change or delete rows of the model.

    One line in the migration that creates an AppendOnlyModel (or a new one after it):
    `GuardAppendOnly("Disclosure")`. Reversible; `sqlmigrate` shows the SQL."""

    reversible = True
    reduces_to_sql = True

    def __init__(self, model_name: str):
        self.model_name = model_name

    def state_forwards(self, app_label, state):
        pass  # triggers are not part of Django's model state

    def _run(self, statements, app_label, schema_editor, state):
        model = state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            for sql in statements(schema_editor.connection, model._meta.db_table):
                schema_editor.execute(sql, params=None)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        self._run(guard_statements, app_label, schema_editor, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        self._run(unguard_statements, app_label, schema_editor, to_state)

    def describe(self):
        return f"Refuse UPDATE, DELETE and TRUNCATE on {self.model_name} in the database"

    @property
    def migration_name_fragment(self):
        return f"guard_{self.model_name.lower()}"


def restore_sqlite_guards(*, using=DEFAULT_DB_ALIAS, **kwargs) -> list[str]:
    """After every `migrate`: put back guards that a table rebuild dropped.

    On SQLite, Django applies many schema changes by copying a table into a new one
    and dropping the old, which drops its triggers with it. Returns the tables fixed."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT type, name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        present = {(kind, name) for kind, name in cursor.fetchall()}
    missing = [
        table
        for table in append_only_tables()
        if ("table", table) in present
        and any(
            ("trigger", _names(connection, table)[op]) not in present for op in ("update", "delete")
        )
    ]
    guard(connection, missing)
    return missing
