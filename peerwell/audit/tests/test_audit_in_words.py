"""The audit trail reads as a supervisor would tell it: people and records by name, and
what happened in words, in English and in Spanish; and it finds a participant by name
the way search does."""

import csv
import html
import io
import re

import pytest
from django.test import Client
from django.urls import reverse

from peerwell import testing
from peerwell.contacts.tests.test_log_contact import contact_data

pytestmark = pytest.mark.django_db


def rows_of(page) -> list[str]:
    """The trail's table rows as text, tags removed and spaces collapsed."""
    body = html.unescape(page.content.decode())
    table = body.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in table.split("<tr>")[1:]]


@pytest.fixture
def a_day(org, peer, participant):
    """A peer opens a record and logs a contact; a colleague outside the caseload is
    refused; an admin makes the colleague a supervisor."""
    peer_client = Client()
    testing.sign_in(peer_client, peer)
    peer_client.get(reverse("participant_detail", args=[participant.pk]))
    logged = peer_client.post(reverse("log_contact", args=[participant.pk]), contact_data())
    assert logged.status_code == 302
    colleague = testing.make_user(org, "peer", full_name="Sam Colleague")
    outsider = Client()
    testing.sign_in(outsider, colleague)
    assert outsider.get(reverse("participant_detail", args=[participant.pk])).status_code == 302
    admin = testing.make_user(org, "admin", full_name="Ada Admin")
    boss = Client()
    testing.sign_in(boss, admin)
    changed = boss.post(
        reverse("staff_edit", args=[colleague.pk]), {"role": "supervisor", "is_active": "on"}
    )
    assert changed.status_code == 302
    return colleague


def test_the_trail_names_people_and_says_what_happened(
    as_user, supervisor, peer, participant, a_day
):
    rows = rows_of(as_user(supervisor).get(reverse("audit_list")))
    name = participant.display_name
    assert any(f"{peer.full_name} Viewed the record {name}" in r for r in rows)
    assert any(f"{peer.full_name} Logged a contact (" in r and name in r for r in rows)
    assert any(f"Sam Colleague Refused: outside caseload {name}" in r for r in rows)
    assert any(
        "Ada Admin Changed a staff member's role or access (role) Sam Colleague" in r for r in rows
    ), rows
    body = "\n".join(rows)
    for code in ("participants.participant", "contacts.contact", "orgs.user", " view ", "refused"):
        assert code not in body


def test_the_trail_speaks_spanish(as_user, supervisor, participant, a_day):
    client = as_user(supervisor)
    rows = rows_of(client.get(reverse("audit_list"), HTTP_ACCEPT_LANGUAGE="es"))
    body = "\n".join(rows)
    assert "Vio el expediente" in body and "Registró un contacto" in body
    assert "Rechazado: fuera de su carga de casos" in body


def test_the_export_says_what_happened_and_whose_record(as_user, supervisor, participant, a_day):
    response = as_user(supervisor).get(reverse("audit_export"))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][-2:] == ["What happened", "Participant"]
    assert ["Logged a contact", participant.display_name] in [r[-2:] for r in rows]


def test_the_trail_finds_a_participant_by_a_misspelt_or_swapped_name(
    as_user, org, other_org, supervisor, peer
):
    marisol = testing.make_participant(
        org, first_name="Marisol", last_name="Quintero", assigned_peer=peer
    )
    dana = testing.make_participant(org, first_name="Dana", last_name="Park", assigned_peer=peer)
    twin = testing.make_participant(other_org, first_name="Marisol", last_name="Quintero")
    peer_client = Client()
    testing.sign_in(peer_client, peer)
    for someone in (marisol, dana):
        peer_client.get(reverse("participant_detail", args=[someone.pk]))
    client = as_user(supervisor)
    for typed in ("Marisl Quintero", "quintero marisol", "Quintro"):
        page = client.get(reverse("audit_list"), {"name": typed})
        rows = rows_of(page)
        assert rows and all("Marisol Quintero" in r for r in rows), typed
        assert "Dana Park" not in page.content.decode()
    # Another organization's participant of the same name is never searched.
    assert twin.pk not in [e.participant_id for e in page.context["page"].object_list]
    nobody = client.get(reverse("audit_list"), {"name": "Zebulon"})
    assert "Nothing recorded for these filters." in nobody.content.decode()


def test_a_short_phone_number_is_refused_with_a_plain_message(as_user, supervisor):
    page = as_user(supervisor).get(reverse("audit_list"), {"name": "555"})
    assert page.status_code == 200
    assert "Enter at least 7 digits of the phone number." in page.content.decode()


def test_a_records_link_shows_whose_trail_it_is(as_user, supervisor, participant, a_day):
    page = as_user(supervisor).get(reverse("audit_list"), {"participant": participant.pk})
    body = page.content.decode()
    assert f"Showing what was done in the record of {participant.display_name}." in body
    assert "Show every participant" in body


def test_the_page_asks_the_same_number_of_queries_however_many_rows_it_names(
    as_user, org, supervisor, peer, participant, django_assert_num_queries
):
    """Staff and family members named on the page are looked up once, not per row: with
    one row of each kind and with many, the page asks the same number of queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    admin = testing.make_user(org, "admin")
    boss = Client()
    testing.sign_in(boss, admin)

    def more(times):
        for _ in range(times):
            someone = testing.make_user(org, "peer")
            boss.post(
                reverse("staff_edit", args=[someone.pk]), {"role": "supervisor", "is_active": "on"}
            )
            member = testing.make_family_member(participant)
            boss.get(reverse("family_member", args=[member.pk]))

    more(1)
    client = as_user(supervisor)
    client.get(reverse("audit_list"))  # warm the session and caches
    with CaptureQueriesContext(connection) as first:
        client.get(reverse("audit_list"))
    asked = len(first.captured_queries)
    more(6)
    with django_assert_num_queries(asked):
        page = client.get(reverse("audit_list"))
    rows = rows_of(page)
    assert sum("Viewed a family member" in r for r in rows) == 7
    assert sum("Changed a staff member's role or access (role) Peer Person" in r for r in rows) == 7
