"""The web process's database role on PostgreSQL: grants, never ownership.

`peerwell migrate` runs as the owner role, which owns every table and so the
append-only guards on them. The web process connects as another role
(DATABASE_WEB_ROLE) that may read and write ordinary tables, only read and add to
append-only ones, and owns nothing: it cannot drop, disable or bypass the guards.
After each migrate the grants are brought up to date, so a new table never leaves the
web role without access; `peerwell grant_web_role` does the same by hand.
See README, "Production database".
"""

from django.conf import settings
from django.core.management import CommandError
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder

from peerwell.core.appendonly import append_only_tables

README_SECTION = 'See "Production database" in the README.'


class WebRoleError(Exception):
    """The role cannot safely be the web process's role."""


def quote_role(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def app_tables(connection) -> list[str]:
    """Peerwell's tables in this database: every installed model's, and the migration
    history."""
    tables = set(connection.introspection.django_table_names(only_existing=True))
    history = MigrationRecorder.Migration._meta.db_table
    if history in connection.introspection.table_names():
        tables.add(history)
    return sorted(tables)


def tables_owned_by(connection, role: str, tables) -> list[str]:
    """Which of `tables` the role owns, or may act as the owner of (as a member of the
    owner's role, or as a superuser)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relnamespace = current_schema()::regnamespace "
            "AND relkind IN ('r', 'p') AND relname = ANY(%s) "
            "AND pg_has_role(%s, relowner, 'MEMBER') ORDER BY relname",
            [list(tables), role],
        )
        return [name for (name,) in cursor.fetchall()]


def _sequences_of(connection, tables) -> list[str]:
    """The sequences behind the tables' id columns (identity or serial)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT seq.relname FROM pg_class seq "
            "JOIN pg_depend dep ON dep.classid = 'pg_class'::regclass AND dep.objid = seq.oid "
            "AND dep.refclassid = 'pg_class'::regclass AND dep.deptype IN ('a', 'i') "
            "JOIN pg_class tab ON tab.oid = dep.refobjid "
            "WHERE seq.relkind = 'S' AND tab.relnamespace = current_schema()::regnamespace "
            "AND tab.relname = ANY(%s) ORDER BY seq.relname",
            [list(tables)],
        )
        return [name for (name,) in cursor.fetchall()]


def grant_web_role(*, connection, role: str) -> dict[str, list[str]]:
    """Gives `role` exactly what the web process needs on Peerwell's tables and takes
    back anything more, in one transaction; running it again changes nothing. Returns
    the tables and sequences by what the role may now do with them."""
    if connection.vendor != "postgresql":
        raise WebRoleError("Database roles are for PostgreSQL; SQLite has none.")
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [role])
        found = cursor.fetchone()
        if found is None:
            raise WebRoleError(f"No database role named {role}: create it first. {README_SECTION}")
        if found[0]:
            raise WebRoleError(
                f"{role} is a superuser, which can disable any trigger: the web role must "
                f"be an ordinary role. {README_SECTION}"
            )
        tables = app_tables(connection)
        if not tables:
            raise WebRoleError("This database has no Peerwell tables yet: run migrate first.")
        owned = tables_owned_by(connection, role, tables)
        if owned:
            raise WebRoleError(
                f"{role} owns {', '.join(owned)} (or belongs to the role that does), so it "
                f"could remove the append-only guards. Hand the tables to the owner role "
                f"(REASSIGN OWNED BY {role} TO <owner>) and grant again. {README_SECTION}"
            )
        append_only = set(append_only_tables())
        history = MigrationRecorder.Migration._meta.db_table
        plan = {
            "SELECT, INSERT, UPDATE, DELETE": [
                t for t in tables if t not in append_only and t != history
            ],
            "SELECT, INSERT": [t for t in tables if t in append_only],
            "SELECT": [t for t in tables if t == history],  # only migrate writes it
        }
        sequences = _sequences_of(connection, tables)
        who = quote_role(role)

        def listed(names):
            return ", ".join(connection.ops.quote_name(name) for name in names)

        cursor.execute(f"REVOKE ALL ON TABLE {listed(tables)} FROM {who}")
        for privileges, names in plan.items():
            if names:
                cursor.execute(f"GRANT {privileges} ON TABLE {listed(names)} TO {who}")
        if sequences:
            cursor.execute(f"REVOKE ALL ON SEQUENCE {listed(sequences)} FROM {who}")
            cursor.execute(f"GRANT USAGE, SELECT ON SEQUENCE {listed(sequences)} TO {who}")
        cursor.execute(
            "SELECT current_schema(), has_schema_privilege(%s, current_schema(), 'USAGE')", [role]
        )
        schema, has_usage = cursor.fetchone()
        if not has_usage:
            cursor.execute(f"GRANT USAGE ON SCHEMA {connection.ops.quote_name(schema)} TO {who}")
    return {
        "read and write": plan["SELECT, INSERT, UPDATE, DELETE"],
        "read and add": plan["SELECT, INSERT"],
        "read": plan["SELECT"],
        "sequences": sequences,
    }


def grant_after_migrate(*, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    """post_migrate: when DATABASE_WEB_ROLE names the web role, bring its grants up to
    date, so the tables a migration just added are within its reach at once."""
    connection = connections[using]
    if settings.DATABASE_WEB_ROLE and connection.vendor == "postgresql":
        try:
            grant_web_role(connection=connection, role=settings.DATABASE_WEB_ROLE)
        except WebRoleError as error:
            raise CommandError(f"DATABASE_WEB_ROLE: {error}") from error
