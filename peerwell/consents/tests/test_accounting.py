import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from peerwell import testing
from peerwell.audit.models import AuditEntry
from peerwell.consents.models import Disclosure

pytestmark = pytest.mark.django_db


def make_disclosure(participant, by, *, days_ago=0, **fields):
    fields.setdefault("recipient", "Riverside Housing Authority")
    fields.setdefault("information", "contact")
    fields.setdefault("purpose", "Housing application support")
    return Disclosure.objects.create(
        organization=participant.organization,
        participant=participant,
        disclosed_by=by,
        disclosed_at=timezone.now() - timedelta(days=days_ago),
        **fields,
    )


def test_accounting_lists_the_last_three_years_with_emergencies(as_user, peer, participant):
    make_disclosure(participant, peer, days_ago=30, recipient="Recent Recipient")
    make_disclosure(participant, peer, days_ago=3 * 365 - 5, recipient="Older Recipient")
    make_disclosure(participant, peer, days_ago=3 * 365 + 30, recipient="Ancient Recipient")
    make_disclosure(
        participant,
        peer,
        days_ago=2,
        recipient="St. Mary ED",
        is_emergency=True,
        emergency_nature="Overdose response",
    )
    response = as_user(peer).get(reverse("disclosure_accounting", args=[participant.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Recent Recipient" in body and "Older Recipient" in body
    assert "Ancient Recipient" not in body
    assert "St. Mary ED" in body and "Emergency, without consent" in body
    assert AuditEntry.objects.filter(action="view", participant=participant).exists()


def test_accounting_excludes_other_participants(as_user, peer, participant, org):
    make_disclosure(testing.make_participant(org), peer, recipient="Not Theirs")
    response = as_user(peer).get(reverse("disclosure_accounting", args=[participant.pk]))
    assert "Not Theirs" not in response.content.decode()


@pytest.mark.parametrize("rows", [1, 20])
def test_accounting_query_count_does_not_grow(
    as_user, peer, participant, rows, django_assert_max_num_queries
):
    for n in range(rows):
        make_disclosure(participant, testing.make_user(participant.organization), days_ago=n)
    client = as_user(peer)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("disclosure_accounting", args=[participant.pk]))
    assert response.status_code == 200


def test_each_row_of_the_accounting_opens_what_was_sent(as_user, peer, participant):
    consent = testing.make_consent(participant, witnessed_by=peer)
    disclosure = testing.make_disclosure(consent, disclosed_by=peer)
    client = as_user(peer)
    page = client.get(reverse("disclosure_accounting", args=[participant.pk])).content.decode()
    packet = reverse("disclosure_packet", args=[participant.pk, disclosure.pk])
    assert f'href="{packet}"' in page
    shown = client.get(packet).content.decode()
    assert "Riverside Housing Authority" in shown and "42 CFR part 2" in shown
    # Another participant's disclosure is not reached through this record's address.
    other = testing.make_participant(participant.organization, assigned_peer=peer)
    elsewhere = reverse("disclosure_packet", args=[other.pk, disclosure.pk])
    assert client.get(elsewhere).status_code == 404


def test_the_accounting_prints_with_whose_it_is_and_without_the_links(as_user, peer, participant):
    make_disclosure(participant, peer)
    page = as_user(peer).get(reverse("disclosure_accounting", args=[participant.pk]))
    body = page.content.decode()
    assert f'<p class="pw-print-only">From {participant.organization.name}, printed' in body
    assert '<th scope="col" class="pw-no-print">What was sent</th>' in body


def test_the_accounting_exports_as_csv_neutralised_and_audited(as_user, peer, participant):
    make_disclosure(participant, peer, days_ago=3, recipient="=HYPERLINK(1)", purpose="+1 call")
    make_disclosure(participant, peer, days_ago=3 * 365 + 30, recipient="Ancient Recipient")
    make_disclosure(
        participant,
        peer,
        days_ago=1,
        recipient="St. Mary ED",
        is_emergency=True,
        emergency_nature="Overdose response",
    )
    response = as_user(peer).get(reverse("disclosure_accounting_export", args=[participant.pk]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Date", "Recipient", "Information", "Purpose", "Emergency", "Disclosed by"]
    assert [row[1] for row in rows[1:]] == ["St. Mary ED", "'=HYPERLINK(1)"]
    assert rows[1][3:5] == ["Overdose response", "Emergency, without consent"]
    assert rows[2][2:5] == ["Contact details", "'+1 call", "No, with consent"]
    entry = AuditEntry.objects.filter(action="export", participant=participant).get()
    assert entry.detail == {"what": "accounting of disclosures", "rows": 2}
