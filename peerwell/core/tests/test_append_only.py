"""Append-only tables refuse rewrites from any SQL client, not only from the ORM.

The test walks every AppendOnlyModel, so a new one is covered without editing it. Each
way of rewriting a row runs in a savepoint that is rolled back, so one way that gets
through does not hide the next."""

from datetime import date, datetime

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import DatabaseError, connection, models, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from peerwell import testing
from peerwell.audit.actions import record
from peerwell.audit.models import AuditEntry
from peerwell.consents.models import Consent
from peerwell.core.appendonly import AppendOnlyModel, GuardAppendOnly
from peerwell.orgs.models import Organization, User
from peerwell.participants.models import Participant

pytestmark = pytest.mark.django_db

APPEND_ONLY = sorted(
    (m for m in apps.get_models() if issubclass(m, AppendOnlyModel)), key=lambda m: m._meta.label
)


class WentThrough(Exception):
    """The statements ran: roll them back and count the way as open."""


def a_row(model, related):
    """A row of `model` with its required fields filled in, as the application could write."""
    values = {}
    for field in model._meta.concrete_fields:
        if field.primary_key or field.null or field.has_default():
            continue
        if field.is_relation:
            if field.related_model not in related:
                pytest.fail(f"{model._meta.label}.{field.name}: add a {field.related_model} row")
            values[field.name] = related[field.related_model]
        elif isinstance(field, models.DateTimeField):
            values[field.name] = timezone.now()
        elif isinstance(field, models.DateField):
            values[field.name] = date.today()
        elif isinstance(field, models.IntegerField | models.BooleanField):
            values[field.name] = 0
    return model.objects.create(**values)


def ways_to_rewrite(model, pk):
    """Each way a client could change or remove rows: (name, [(sql, params), ...])."""
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(model._meta.pk.column)
    update = (f"UPDATE {table} SET {column} = {column} + 1000000 WHERE {column} = %s", [pk])
    delete = (f"DELETE FROM {table} WHERE {column} = %s", [pk])
    ways = [
        ("UPDATE", [update]),
        ("DELETE", [delete]),
        # SQLite has no TRUNCATE; a DELETE without WHERE is its equivalent.
        ("DELETE every row", [(f"DELETE FROM {table}", None)]),
    ]
    if connection.vendor == "postgresql":
        replica = ("SET LOCAL session_replication_role = replica", None)
        ways += [
            # CASCADE: a table other tables point at (an export's disclosure) can only be
            # truncated with them, and the guard must refuse that too.
            ("TRUNCATE", [(f"TRUNCATE {table} CASCADE", None)]),
            ("UPDATE as a replica", [replica, update]),
            ("DELETE as a replica", [replica, delete]),
        ]
    return ways


def snapshot(model, pk):
    row = model.objects.filter(pk=pk).values().get()
    return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in row.items()}


@pytest.mark.parametrize("model", APPEND_ONLY, ids=lambda m: m._meta.label)
def test_sql_cannot_change_or_remove_a_row_of_an_append_only_table(model, org, peer, participant):
    from peerwell.assessments.models import Administration
    from peerwell.consents.models import Disclosure

    consent = testing.make_consent(participant, witnessed_by=peer)
    related = {Organization: org, User: peer, Participant: participant, Consent: consent}
    # Rows that point at other append-only or record rows (an export's disclosure).
    related[Disclosure] = testing.make_disclosure(consent, disclosed_by=peer)
    related[Administration] = Administration.objects.create(
        organization=org,
        participant=participant,
        instrument="barc10",
        instrument_version="2017",
        administered_on=date.today(),
        administered_by=peer,
    )
    row = a_row(model, related)
    before = snapshot(model, row.pk)
    if connection.vendor == "postgresql":
        # Check the new rows' foreign keys now: PostgreSQL refuses to TRUNCATE a table
        # with checks still pending, which would hide what the trigger does.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    went_through, refused_otherwise = [], []
    for name, statements in ways_to_rewrite(model, row.pk):
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                for sql, params in statements:
                    cursor.execute(sql, params)
                raise WentThrough
        except WentThrough:
            went_through.append(name)
        except DatabaseError as error:
            if "append-only" not in str(error):
                refused_otherwise.append((name, str(error)))
    assert {"went through": went_through, "refused for another reason": refused_otherwise} == {
        "went through": [],
        "refused for another reason": [],
    }
    assert snapshot(model, row.pk) == before


def test_every_append_only_model_is_walked():
    labels = {m._meta.label for m in APPEND_ONLY}
    assert {"audit.AuditEntry", "consents.Disclosure"} <= labels


@pytest.mark.django_db(transaction=True)
def test_the_test_runner_empties_append_only_tables_and_guards_them_again(peer, participant):
    """Transactional tests (the browser tests) end with `flush`, which TRUNCATEs on
    PostgreSQL and DELETEs on SQLite: the test settings' flush lifts the guards for it."""
    testing.make_consent(participant, witnessed_by=peer)
    record(actor=peer, action="view", obj=participant)
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEntry.objects.exists() and not Participant.objects.exists()
    entry = AuditEntry.objects.create(action="view")
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [entry.pk])


def test_each_append_only_model_is_guarded_by_a_migration_of_its_own_app():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    guarded = {
        (app_label, operation.model_name.lower())
        for (app_label, _), migration in loader.disk_migrations.items()
        for operation in migration.operations
        if isinstance(operation, GuardAppendOnly)
    }
    assert {(m._meta.app_label, m._meta.model_name) for m in APPEND_ONLY} - guarded == set()


@pytest.mark.django_db(transaction=True)
def test_migrate_puts_back_a_guard_that_a_table_rebuild_dropped():
    with connection.schema_editor() as editor:
        if connection.vendor == "sqlite":
            # How Django applies most schema changes on SQLite: copy, drop, rename.
            editor._remake_table(AuditEntry)
        else:
            editor.execute("ALTER TABLE audit_auditentry ALTER COLUMN path TYPE varchar(300)")
    call_command("migrate", verbosity=0)
    entry = AuditEntry.objects.create(action="view")
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [entry.pk])
