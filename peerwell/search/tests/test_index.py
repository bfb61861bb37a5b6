"""The name index: SQLite's FTS5 table survives table rebuilds by later migrations;
PostgreSQL has its trigram index and needs no repair."""

import pytest
from django.db import connection

from peerwell import testing
from peerwell.search.index import repair_sqlite_triggers

pytestmark = pytest.mark.django_db


def search(client, term):
    return [
        p.full_name for p in client.post("/search/", {"q": term}, follow=True).context["results"]
    ]


def test_index_is_in_place_on_each_database(as_user, peer, org):
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for name in ("insert", "update", "delete"):
                cursor.execute(f"DROP TRIGGER search_participantname_{name}")
        # Written while the triggers are gone, as a data migration after a rebuild could.
        testing.make_participant(org, first_name="Maria", last_name="Lopez")
        assert repair_sqlite_triggers() is True
    else:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE tablename = 'participants_participant'"
            )
            assert any("gin_trgm_ops" in row[0] for row in cursor.fetchall())
        testing.make_participant(org, first_name="Maria", last_name="Lopez")
    assert repair_sqlite_triggers() is False
    client = as_user(peer)
    assert search(client, "Lopez") == ["Maria Lopez"]
    testing.make_participant(org, first_name="Mario", last_name="Lopez")
    assert len(search(client, "Lopez")) == 2
