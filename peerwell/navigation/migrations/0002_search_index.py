"""The word index for directory search: a GIN full-text index on PostgreSQL; on SQLite
an FTS5 table over a shadow table of the services' words, kept in step by triggers (see
peerwell/navigation/words.py, whose post-migrate check restores the triggers if a later
rebuild of the services table drops them)."""

from django.db import migrations

from peerwell.navigation import words


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in statements.get(vendor, []):
            schema_editor.execute(sql, params=None)  # no client-side %-formatting

    return run


SQLITE_CREATE = words.SQLITE_TABLES + list(words.SQLITE_TRIGGERS.values()) + words.SQLITE_REFILL


class Migration(migrations.Migration):
    dependencies = [("navigation", "0001_initial")]
    operations = [
        migrations.RunPython(
            _run({"postgresql": words.PG_CREATE, "sqlite": SQLITE_CREATE}),
            _run({"postgresql": words.PG_DROP, "sqlite": words.SQLITE_DROP}),
        )
    ]
