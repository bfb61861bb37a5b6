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
