"""The network report reads counts the database keeps (reports/counts.py). Whatever
changes a participant record, the funder's page shows what counting the records
themselves gives, with the same suppression, in the same few queries."""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peerwell import testing
from peerwell.contacts.models import Contact
from peerwell.contacts.tests.test_log_contact import contact_data
from peerwell.core.seeding import seed
from peerwell.orgs.models import Organization
from peerwell.participants.models import Language, Participant
from peerwell.participants.tests.test_enrollment_details import intake
from peerwell.participants.tests.test_status_and_edits import edit_data
from peerwell.reports import counts
from peerwell.reports.models import ParticipantCount
from peerwell.reports.suppression import protect_row

pytestmark = pytest.mark.django_db


def from_the_records() -> list[dict]:
    """The report as counting every participant record gives it (what the report did
    before it kept counts): the oracle for every test here."""
    rows = (
        Participant.objects.filter(merged_into__isnull=True)
        .order_by()
        .values("organization__name", "language")
        .annotate(n=Count("id"))
    )
    by_org: dict[str, dict] = {}
    for row in rows:
        by_org.setdefault(row["organization__name"], {})[row["language"]] = row["n"]
    report = []
    for name in sorted(by_org):
        parts = {lang: by_org[name].get(lang, 0) for lang in Language.values}
        cells = protect_row(sum(parts.values()), parts, settings.SMALL_COUNT_THRESHOLD)
        report.append({"organization": name, **cells})
    return report


@pytest.fixture
def funder(org):
    return testing.make_user(org, "funder")


@pytest.fixture
def as_funder(funder):
    client = Client()
    testing.sign_in(client, funder)
    return client


def shown(client) -> list[dict]:
    response = client.get(reverse("network_report"))
    assert response.status_code == 200
    return response.context["rows"]


def row_of(rows, org) -> dict:
    return next(r for r in rows if r["organization"] == org.name)


@pytest.fixture
def small_threshold(settings):
    # Small enough that the counts these tests change are on the page, not suppressed.
    settings.SMALL_COUNT_THRESHOLD = 2


def test_the_report_follows_what_staff_do(
    small_threshold, as_funder, as_user, org, other_org, peer, supervisor
):
    for language in ("en", "en", "en", "es", "es", "other", "other"):
        testing.make_participant(org, language=language)
    for _ in range(2):
        testing.make_participant(other_org, language="en")
    rows = shown(as_funder)
    assert rows == from_the_records()
    assert row_of(rows, org) == {"organization": org.name, "total": 7, "en": 3, "es": 2, "other": 2}

    staff = as_user(peer)
    enrolled = staff.post(
        reverse("participant_enroll"),
        intake(peer, first_name="Marisol", last_name="Quintero", language="es"),
    )
    assert enrolled.status_code == 302
    rows = shown(as_funder)
    assert rows == from_the_records() and row_of(rows, org)["es"] == 3

    marisol = Participant.objects.get(last_name="Quintero")
    edited = staff.post(
        reverse("participant_edit", args=[marisol.pk]), edit_data(marisol, language="other")
    )
    assert edited.status_code == 302
    rows = shown(as_funder)
    assert rows == from_the_records()
    assert (row_of(rows, org)["es"], row_of(rows, org)["other"]) == (2, 3)

    # A discharge or a contact does not change who is counted.
    staff.post(
        reverse("participant_status", args=[marisol.pk]),
        {"to_status": "discharged", "reason": "moved"},
    )
    staff.post(reverse("log_contact", args=[marisol.pk]), contact_data())
    assert Contact.objects.filter(participant=marisol).exists()
    rows = shown(as_funder)
    assert rows == from_the_records() and row_of(rows, org)["total"] == 8

    # Merging a duplicate: two records, one person.
    keep, duplicate = Participant.objects.filter(organization=org, language="en")[:2]
    merged = as_user(supervisor).post(
        reverse("participant_merge", args=[keep.pk]), {"number": duplicate.pk, "confirm": "1"}
    )
    assert merged.status_code == 302
    rows = shown(as_funder)
    assert rows == from_the_records()
    assert (row_of(rows, org)["total"], row_of(rows, org)["en"]) == (7, 2)
    assert row_of(rows, other_org)["total"] == 2


def test_a_merge_that_makes_a_count_small_hides_it_and_its_complement(
    as_funder, as_user, org, supervisor
):
    # 11 + 11 + 11 at the threshold of 11: all shown. One merge leaves 10 in Spanish.
    for language in ("en", "es", "other"):
        for _ in range(11):
            testing.make_participant(org, language=language)
    assert row_of(shown(as_funder), org) == {
        "organization": org.name,
        "total": 33,
        "en": 11,
        "es": 11,
        "other": 11,
    }
    keep, duplicate = Participant.objects.filter(organization=org, language="es")[:2]
    as_user(supervisor).post(
        reverse("participant_merge", args=[keep.pk]), {"number": duplicate.pk, "confirm": "1"}
    )
    rows = shown(as_funder)
    assert rows == from_the_records()
    # 10 is hidden, and so is the next smallest, or 32 - 11 - 11 would give it back.
    assert row_of(rows, org) == {
        "organization": org.name,
        "total": 32,
        "en": None,
        "es": None,
        "other": 11,
    } or row_of(rows, org) == {
        "organization": org.name,
        "total": 32,
        "en": 11,
        "es": None,
        "other": None,
    }
    body = as_funder.get(reverse("network_report")).content.decode()
    assert ">10<" not in body and body.count(">not shown<") == 2


def test_writes_in_bulk_and_deletions_are_counted(small_threshold, as_funder, org, other_org):
    Participant.objects.bulk_create(
        Participant(
            organization=org,
            first_name=f"P{i}",
            last_name="Bulk",
            date_of_birth="1980-01-01",
            language=("en", "es")[i % 2],
        )
        for i in range(7)
    )
    assert shown(as_funder) == from_the_records()
    assert row_of(shown(as_funder), org)["total"] == 7
    Participant.objects.filter(language="es").update(language="other")
    assert shown(as_funder) == from_the_records()
    Participant.objects.filter(language="other").update(organization=other_org)
    assert shown(as_funder) == from_the_records()
    assert row_of(shown(as_funder), other_org)["total"] == 3
    Participant.objects.filter(organization=org)[:1].get().delete()
    Participant.objects.filter(organization=other_org).delete()
    rows = shown(as_funder)
    assert rows == from_the_records()
    assert [r["organization"] for r in rows] == [org.name]  # nobody left: no row


def test_a_write_that_fails_leaves_the_counts_as_they_were(small_threshold, as_funder, org):
    from django.db import IntegrityError, transaction

    testing.make_participant(org, language="es")
    testing.make_participant(org, language="es")
    before = shown(as_funder)
    with pytest.raises(IntegrityError), transaction.atomic():
        testing.make_participant(org, language="es")
        Participant.objects.create(organization=org)  # no date of birth: refused
    assert shown(as_funder) == before == from_the_records()


def test_the_seed_leaves_the_counts_filled(as_funder):
    seed(orgs=2, participants=60, seed=3, contacts_per_participant=1, progress=False)
    rows = shown(as_funder)
    assert rows == from_the_records()
    assert sum(r["total"] for r in rows) == 60
    assert counts.recount() == 0  # nothing to correct


def test_recounting_by_hand_corrects_wrong_counts(small_threshold, as_funder, org, capsys):
    for language in ("en", "en", "es", "es"):
        testing.make_participant(org, language=language)
    ParticipantCount.objects.filter(language="en").update(participants=40)
    ParticipantCount.objects.filter(language="es").delete()
    assert shown(as_funder) != from_the_records()
    call_command("recount_network_report")
    assert "Counts that were wrong, now right: 2." in capsys.readouterr().out
    assert shown(as_funder) == from_the_records()
    call_command("recount_network_report")
    assert "every count was already right" in capsys.readouterr().out


def test_migrate_puts_back_lost_triggers_and_counts_again(small_threshold, as_funder, org):
    testing.make_participant(org, language="es")
    with connection.cursor() as cursor:
        for sql in counts.drop_statements(connection.vendor):
            cursor.execute(sql)
    testing.make_participant(org, language="es")  # not counted: no triggers
    assert shown(as_funder) != from_the_records()
    call_command("migrate", verbosity=0)
    assert shown(as_funder) == from_the_records()
    testing.make_participant(org, language="es")  # counted again
    assert row_of(shown(as_funder), org)["total"] == 3 and shown(as_funder) == from_the_records()


def test_the_report_takes_the_same_queries_for_a_whole_network(as_funder, org):
    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert as_funder.get(reverse("network_report")).status_code == 200
        return len(ctx.captured_queries)

    testing.make_participant(org)
    shown(as_funder)  # the session's first-request writes are behind us
    few = queries()
    for i in range(6):
        extra = Organization.objects.create(name=f"Network Member {i}", slug=f"member-{i}")
        for language in Language.values:
            for _ in range(4):
                testing.make_participant(extra, language=language)
    assert queries() == few
