"""Re-encrypt every encrypted column with the newest key in FIELD_ENCRYPTION_KEYS.

Rotation: put the new key first, keep the old ones after it, run this, then drop the
old keys.

The append-only tables (the accounting of disclosures) hold encrypted columns too: their
guard is lifted and put back inside the one transaction that re-encrypts them, so no
other session ever sees them unguarded. Run it as the tables' owner."""

from contextlib import nullcontext

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from peerwell.core.appendonly import append_only_tables, guard, unguard
from peerwell.core.fields import EncryptedTextField, fernet

BATCH = 1000


def encrypted_columns():
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedTextField):
                yield model, field


class Command(BaseCommand):
    help = "Re-encrypt stored sensitive fields with the newest key."

    def handle(self, *args, **options):
        total = 0
        for model, field in encrypted_columns():
            table, column, pk = model._meta.db_table, field.column, model._meta.pk.column
            guarded = table in append_only_tables()
            with transaction.atomic() if guarded else nullcontext():
                if guarded:
                    unguard(connection, [table])
                total += self.rotate(table, column, pk)
                if guarded:
                    guard(connection, [table])
            self.stdout.write(f"{model._meta.label}.{field.name}: re-encrypted")
        self.stdout.write(f"{total} values re-encrypted with the newest key.")

    def rotate(self, table, column, pk) -> int:
        """Re-encrypt one column in batches; returns how many values were."""
        quote = connection.ops.quote_name
        total, last = 0, 0
        while True:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT {quote(pk)}, {quote(column)} FROM {quote(table)} "
                    f"WHERE {quote(pk)} > %s AND {quote(column)} <> '' "
                    f"ORDER BY {quote(pk)} LIMIT {BATCH}",
                    [last],
                )
                rows = cursor.fetchall()
                if not rows:
                    break
                cursor.executemany(
                    f"UPDATE {quote(table)} SET {quote(column)} = %s WHERE {quote(pk)} = %s",
                    [(fernet().rotate(value.encode()).decode(), key) for key, value in rows],
                )
                total += len(rows)
                last = rows[-1][0]
        return total
