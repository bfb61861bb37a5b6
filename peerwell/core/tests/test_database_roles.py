"""README "Production database", for real on PostgreSQL: an owner role owns the database
and runs `peerwell migrate` naming the web role; the web process logs in as that role,
does its work, and cannot rewrite or unguard the append-only tables.

Both suite runs (SQLite and PostgreSQL) set this up the same way, in a scratch database
on the local PostgreSQL server (PEERWELL_TEST_POSTGRES_URL, default
postgres://postgres@127.0.0.1:5432/postgres, a superuser), with two throw-away roles;
all three are dropped after the module. Each test works in transactions rolled back
after it, so what it changes disappears with it.
"""

import io
import os
import re
import secrets
import subprocess
import sys
from datetime import date
from types import SimpleNamespace
from urllib.parse import quote, urlsplit, urlunsplit

import dj_database_url
import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from psycopg import sql

from peerwell.audit.models import AuditEntry
from peerwell.consents.models import Disclosure
from peerwell.core.appendonly import append_only_tables
from peerwell.core.checks import check_database_roles
from peerwell.orgs.models import Organization, User
from peerwell.participants.models import Participant

pytestmark = pytest.mark.django_db(databases="__all__")

SERVER_URL = os.environ.get(
    "PEERWELL_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"
)
REFUSED = r"permission denied|must be owner"


def _url(user, password, database):
    server = urlsplit(SERVER_URL)
    host = server.netloc.rpartition("@")[2]
    if user is None:  # the server's own user
        return urlunsplit(server._replace(path=f"/{database}"))
    return urlunsplit(
        server._replace(netloc=f"{user}:{quote(password)}@{host}", path=f"/{database}")
    )


def _add_alias(alias, url=None, **config):
    """A database alias for `url` (or the settings in `config`), with Django's defaults."""
    configured = connections.configure_settings(
        {
            DEFAULT_DB_ALIAS: dict(connections.settings[DEFAULT_DB_ALIAS]),
            alias: dj_database_url.parse(url) if url else config,
        }
    )
    connections.settings[alias] = configured[alias]


def _remove_alias(alias):
    if alias in connections.settings:
        connections[alias].close()
        del connections[alias]
        del connections.settings[alias]


def _admin(statement, *names, password=None):
    with psycopg.connect(SERVER_URL, autocommit=True) as admin:
        query = sql.SQL(statement).format(*map(sql.Identifier, names))
        if password is not None:
            query = query + sql.SQL(" PASSWORD {}").format(sql.Literal(password))
        admin.execute(query)


@pytest.fixture(scope="module")
def production(django_db_setup):
    """Database aliases connected as the superuser, the owner role and the web role.
    After the suite's test databases are set up, so that none is made for these."""
    suffix = f"{os.getpid()}_{secrets.token_hex(3)}"
    owner, web, name = f"peerwell_owner_{suffix}", f"peerwell_web_{suffix}", f"peerwell_{suffix}"
    password = secrets.token_urlsafe(16)
    aliases = SimpleNamespace(superuser="roles_superuser", owner="roles_owner", web="roles_web")
    _admin("CREATE ROLE {} LOGIN", owner, password=password)
    _admin("CREATE ROLE {} LOGIN", web, password=password)
    try:
        _admin("CREATE DATABASE {} OWNER {}", name, owner)
        # `peerwell migrate` as the owner, in another process, with the production
        # settings (the test settings' secrets are in the environment already).
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "peerwell.settings",
            "DATABASE_URL": _url(owner, password, name),
            "DATABASE_WEB_ROLE": web,
            "EMAIL_URL": "smtp://mail.example.org:587/?tls=1",
        }
        migrate = subprocess.run(
            [sys.executable, "-m", "peerwell.cli", "migrate", "--verbosity", "0"],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if migrate.returncode != 0:
            pytest.fail(f"peerwell migrate as the owner role failed:\n{migrate.stderr}")
        _add_alias(aliases.superuser, _url(None, None, name))
        _add_alias(aliases.owner, _url(owner, password, name))
        _add_alias(aliases.web, _url(web, password, name))
        yield SimpleNamespace(owner_role=owner, web_role=web, **vars(aliases))
    finally:
        for alias in vars(aliases).values():
            _remove_alias(alias)
        _admin("DROP DATABASE IF EXISTS {} WITH (FORCE)", name)
        _admin("DROP ROLE IF EXISTS {}", web)
        _admin("DROP ROLE IF EXISTS {}", owner)


@pytest.fixture(scope="module")
def sqlite(django_db_setup):
    if connections[DEFAULT_DB_ALIAS].vendor == "sqlite":
        yield DEFAULT_DB_ALIAS
        return
    _add_alias("roles_sqlite", ENGINE="django.db.backends.sqlite3", NAME=":memory:")
    yield "roles_sqlite"
    _remove_alias("roles_sqlite")


def attempt(alias, statement):
    """Runs `statement` in a savepoint; returns the database's refusal, or None if it ran."""
    try:
        with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
            cursor.execute(statement)
    except DatabaseError as error:
        return str(error).splitlines()[0]
    return None


def privileges(alias, role):
    """{relation: privileges} the role has on the tables and sequences of the schema."""
    on_tables = ["SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER"]
    with connections[alias].cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname, c.relkind, array_remove(array_agg(p.privilege), NULL)
            FROM pg_class c
            LEFT JOIN unnest(CASE WHEN c.relkind = 'S' THEN %s::text[] ELSE %s::text[] END)
              AS p(privilege)
              ON CASE WHEN c.relkind = 'S' THEN has_sequence_privilege(%s, c.oid, p.privilege)
                      ELSE has_table_privilege(%s, c.oid, p.privilege) END
            WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p', 'S')
            GROUP BY c.relname, c.relkind
            """,
            [["USAGE", "SELECT", "UPDATE"], on_tables, role, role],
        )
        return {name: (kind, set(granted)) for name, kind, granted in cursor.fetchall()}


def expected_privileges(found):
    """What the web role must have on each relation: no more, no less."""
    append_only = set(append_only_tables())

    def needs(relation, kind):
        if kind == "S":
            return {"USAGE", "SELECT"}
        if relation in append_only:
            return {"SELECT", "INSERT"}
        if relation == "django_migrations":
            return {"SELECT"}
        return {"SELECT", "INSERT", "UPDATE", "DELETE"}

    return {relation: (kind, needs(relation, kind)) for relation, (kind, _) in found.items()}


def deploy_check_output(alias):
    out, err = io.StringIO(), io.StringIO()
    # Only the database checks: the test settings' email would fail the email check.
    call_command("check", deploy=True, databases=[alias], tags=["database"], stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


# --- The grants ------------------------------------------------------------------------


def test_migrate_as_the_owner_gives_the_web_role_exactly_what_the_app_needs(production):
    found = privileges(production.owner, production.web_role)
    assert {"audit_auditentry", "consents_disclosure", "participants_participant"} <= set(found)
    assert found == expected_privileges(found)


def test_granting_again_takes_back_what_the_web_role_should_not_have(production):
    web = production.web_role
    with connections[production.owner].cursor() as cursor:
        cursor.execute(f'GRANT ALL ON audit_auditentry, participants_participant TO "{web}"')
    assert "TRUNCATE" in privileges(production.owner, web)["audit_auditentry"][1]
    out = io.StringIO()
    call_command("grant_web_role", web, database=production.owner, stdout=out)
    found = privileges(production.owner, web)
    assert found == expected_privileges(found)
    assert f"{web} may now read and write" in out.getvalue()


def test_grant_refuses_the_owner_a_superuser_or_an_unknown_role(production):
    with pytest.raises(CommandError, match=f"{production.owner_role} owns .*audit_auditentry"):
        call_command("grant_web_role", production.owner_role, database=production.owner)
    superuser = urlsplit(SERVER_URL).username or "postgres"
    with pytest.raises(CommandError, match="superuser"):
        call_command("grant_web_role", superuser, database=production.owner)
    with pytest.raises(CommandError, match="No database role named nobody_here"):
        call_command("grant_web_role", "nobody_here", database=production.owner)


def test_grant_needs_a_role_name(production):
    with pytest.raises(CommandError, match="DATABASE_WEB_ROLE"):
        call_command("grant_web_role", database=production.owner)


def test_grant_says_sqlite_has_no_roles(sqlite):
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("grant_web_role", "peerwell_web", database=sqlite)


# --- What the web role can and cannot do -------------------------------------------------


def test_web_role_does_its_work_but_cannot_rewrite_or_unguard_the_logs(production):
    web = production.web
    org = Organization.objects.using(web).create(name="Harbor CARES", slug="harbor-cares")
    staff = User.objects.db_manager(web).create_user(
        email="peer@harbor.example.org", full_name="Pat Peer", organization=org, role="peer"
    )
    participant = Participant.objects.using(web).create(
        organization=org, first_name="Dana", last_name="Reyes", date_of_birth=date(1988, 3, 9)
    )
    entry = AuditEntry.objects.using(web).create(
        organization=org, actor=staff, participant=participant, action="view"
    )
    Disclosure.objects.using(web).create(
        organization=org,
        participant=participant,
        recipient="Harbor Housing",
        information="contact",
        disclosed_by=staff,
    )
    Participant.objects.using(web).filter(pk=participant.pk).update(preferred_name="Dee")

    attempts = ["SET session_replication_role = replica"]
    for table in append_only_tables():
        trigger = f"{table}_append_only_row"
        attempts += [
            f"UPDATE {table} SET id = id",
            f"DELETE FROM {table}",
            f"TRUNCATE {table}",
            f"DROP TRIGGER {trigger} ON {table}",
            f"ALTER TABLE {table} DISABLE TRIGGER {trigger}",
            f"ALTER TABLE {table} DISABLE TRIGGER ALL",
            f"ALTER TABLE {table} ADD COLUMN note text",
            f'ALTER TABLE {table} OWNER TO "{production.web_role}"',
            f"DROP TABLE {table}",
            f"CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN RETURN OLD; END $$",
        ]
    refusals = {statement: attempt(web, statement) for statement in attempts}
    assert [statement for statement, refusal in refusals.items() if refusal is None] == []
    assert {s: r for s, r in refusals.items() if not re.search(REFUSED, r)} == {}
    assert AuditEntry.objects.using(web).filter(pk=entry.pk).exists()
    assert Participant.objects.using(web).get(pk=participant.pk).preferred_name == "Dee"


# --- The deploy check -------------------------------------------------------------------


def test_deploy_check_warns_when_the_app_connects_as_a_superuser(production):
    output = deploy_check_output(production.superuser)
    assert "peerwell.W001" in output and "a superuser" in output
    assert '"Production database" in the README' in output


def test_deploy_check_warns_when_the_app_connects_as_the_tables_owner(production):
    output = deploy_check_output(production.owner)
    assert "peerwell.W002" in output and production.owner_role in output
    assert "peerwell.W001" not in output


def test_deploy_check_is_silent_for_the_web_role(production):
    assert check_database_roles(None, databases=[production.web]) == []
    assert "peerwell.W00" not in deploy_check_output(production.web)


def test_deploy_check_is_silent_on_sqlite(sqlite):
    assert check_database_roles(None, databases=[sqlite]) == []
    assert "peerwell.W00" not in deploy_check_output(sqlite)


def test_deploy_check_says_when_it_cannot_reach_the_database():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "peerwell.test_settings",
        "DATABASE_URL": _url(None, None, "peerwell_no_such_database"),
    }
    check = subprocess.run(
        [sys.executable, "-m", "peerwell.cli", "check", "--deploy", "--tag", "database"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "peerwell.W003" in check.stderr and "peerwell_no_such_database" in check.stderr
