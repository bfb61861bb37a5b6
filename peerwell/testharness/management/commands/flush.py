"""The test runner's `flush`: lifts the append-only guards, empties every table, and
guards again, in one transaction.

TransactionTestCase (the browser tests) ends each test with `flush`, which TRUNCATEs on
PostgreSQL and DELETEs on SQLite, and the guards refuse both. The test database's owner
may remove them, as the owner of any database may; the web role in production cannot
(it owns no table), and the real settings keep Django's own `flush`, which the guards
refuse."""

from django.core.management.commands import flush
from django.db import connections, transaction

from peerwell.core.appendonly import append_only_tables, guard, unguard


class Command(flush.Command):
    def handle(self, **options):
        connection = connections[options["database"]]
        existing = set(connection.introspection.table_names())
        tables = [table for table in append_only_tables() if table in existing]
        with transaction.atomic(using=connection.alias):
            unguard(connection, tables)
            super().handle(**options)
            guard(connection, tables)
