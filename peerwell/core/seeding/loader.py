"""Bulk loading for the seed: rows as plain tuples, ids assigned here.

On PostgreSQL each batch goes in with COPY (psycopg 3 `cursor.copy`); the largest tables
load without their secondary indexes and foreign keys, which are put back, exactly as
they were, at the end (one index build and one validating join instead of ten million
index insertions and trigger checks). On SQLite, batches go through `executemany`.

Values arrive already in their stored form: encrypted fields hold Fernet tokens made by
`core.fields.encrypt`, so nothing is encrypted twice. Columns a row does not name get
the field's default, so a field added later does not break the seed."""

import json

from django.db import connection, models
from django.utils import timezone

BATCH = 20_000


def _adapter(field):
    """How a Python value becomes what the driver sends, for the few types that need it."""
    ops = connection.ops
    if isinstance(field, models.JSONField):
        return json.dumps
    if connection.vendor != "sqlite":
        return None
    if isinstance(field, models.DateTimeField):
        return lambda v: None if v is None else ops.adapt_datetimefield_value(v)
    if isinstance(field, models.DateField):
        return lambda v: None if v is None else v.isoformat()
    if isinstance(field, models.TimeField):
        return lambda v: None if v is None else ops.adapt_timefield_value(v)
    return None


def _default(field):
    """What the ORM would write for a column the row leaves out."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return timezone.now()
    return field.get_default()


class Table:
    """One model's rows waiting to be written. `add` returns the new row's id."""

    def __init__(self, model, columns: list[str], *, unindexed: bool = False):
        self.model = model
        self.table = model._meta.db_table
        by_attname = {f.attname: f for f in model._meta.concrete_fields}
        self.fields = [by_attname["id"]] + [by_attname[c] for c in columns]
        defaults = [f for f in model._meta.concrete_fields if f.attname not in {"id", *columns}]
        self.fields += defaults
        self.defaults = tuple(f.get_db_prep_save(_default(f), connection) for f in defaults)
        # Only the columns that need a conversion are touched per row.
        self.adapters = [
            (i, a) for i, f in enumerate(self.fields[: len(columns) + 1]) if (a := _adapter(f))
        ]
        self.unindexed = unindexed and connection.vendor == "postgresql"
        self.saved: list[tuple[str, str]] = []
        self.rows: list[tuple] = []
        self.written = 0
        self.next_id = 1

    def add(self, *values) -> int:
        pk = self.next_id
        self.next_id += 1
        self.rows.append((pk, *values))
        if len(self.rows) >= BATCH:
            self.flush()
        return pk

    def begin(self) -> None:
        """Keep other writers out until the seed commits, and start after the last id."""
        q = connection.ops.quote_name
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"LOCK TABLE {q(self.table)} IN SHARE ROW EXCLUSIVE MODE")
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {q(self.table)}")
            self.next_id = cursor.fetchone()[0] + 1
            if self.unindexed:
                self._set_aside(cursor)

    def _set_aside(self, cursor) -> None:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname",
            [self.table],
        )
        foreign_keys = cursor.fetchall()
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s AND "
            "i.indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = "
            "%s::regclass) ORDER BY i.indexname",
            [self.table, self.table],
        )
        indexes = cursor.fetchall()
        q = connection.ops.quote_name
        for name, _definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {q(self.table)} DROP CONSTRAINT {q(name)}")
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {q(name)}")
        self.saved = [("index", d) for _n, d in indexes] + [
            ("fk", f"ALTER TABLE {q(self.table)} ADD CONSTRAINT {q(n)} {d}")
            for n, d in foreign_keys
        ]

    def flush(self) -> None:
        if not self.rows:
            return
        rows = self.rows
        if self.adapters:
            rows = [list(r) for r in rows]
            for row in rows:
                for i, adapt in self.adapters:
                    row[i] = adapt(row[i])
        columns = ", ".join(connection.ops.quote_name(f.column) for f in self.fields)
        table = connection.ops.quote_name(self.table)
        extra = self.defaults
        if connection.vendor == "postgresql":
            raw = connection.connection
            with raw.cursor() as cursor:
                with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row((*row, *extra))
        else:
            marks = ", ".join(["%s"] * len(self.fields))
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {table} ({columns}) VALUES ({marks})",
                    [(*row, *extra) for row in rows],
                )
        self.written += len(rows)
        self.rows = []

    def finish(self) -> None:
        """Write what is left, put indexes and foreign keys back, move the id sequence on."""
        self.flush()
        with connection.cursor() as cursor:
            for _kind, sql in self.saved:
                cursor.execute(sql)
            if connection.vendor == "postgresql" and self.next_id > 1:
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)",
                    [connection.ops.quote_name(self.table), self.next_id - 1],
                )
        self.saved = []


def prepare_postgresql() -> None:
    """Per-transaction settings for the load: index builds sort in memory. Foreign-key
    checks still pending from earlier in the transaction run now: PostgreSQL refuses to
    alter a table that has some."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def check_pending() -> None:
    """Run the foreign-key checks pending so far, before keys are put back."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def end_checks() -> None:
    """Back to the usual: foreign keys checked at commit."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
