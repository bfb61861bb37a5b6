"""Instrumental help: the log and this month's totals, anonymous counts, and help given
to a participant (opened through the record path, logged as an instrumental contact)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from peerwell import testing
from peerwell.audit.models import AuditEntry
from peerwell.community import testing as community
from peerwell.community.models import InstrumentalHelp
from peerwell.contacts.models import Contact

pytestmark = pytest.mark.django_db


@pytest.fixture
def volunteer(org):
    return testing.make_user(org, "volunteer")


def help_data(**fields):
    data = {"kind": "ride", "quantity": "1", "given_on": timezone.localdate().isoformat()}
    data.update(fields)
    return data


def test_volunteer_logs_an_anonymous_count(as_user, volunteer, org):
    site = community.make_site(org, name="Clothing closet")
    client = as_user(volunteer)
    page = client.get(reverse("community_help_new")).content.decode()
    assert 'name="find"' not in page  # no participant for volunteers
    response = client.post(
        reverse("community_help_new"), help_data(kind="clothing", quantity="4", site=site.pk)
    )
    assert response["Location"] == reverse("community_help")
    given = InstrumentalHelp.objects.get()
    assert (given.kind, given.quantity, given.site, given.participant) == (
        "clothing",
        4,
        site,
        None,
    )
    assert not Contact.objects.exists()


def test_volunteer_naming_a_participant_is_ignored(as_user, volunteer, participant):
    url = reverse("community_help_new") + f"?participant={participant.pk}"
    assert as_user(volunteer).post(url, help_data()).status_code == 302
    assert InstrumentalHelp.objects.get().participant is None
    assert not Contact.objects.exists()


def test_help_for_a_participant_logs_an_instrumental_contact(as_user, peer, participant):
    client = as_user(peer)
    url = reverse("community_help_new") + f"?participant={participant.pk}"
    page = client.get(url).content.decode()
    assert participant.display_name in page
    assert AuditEntry.objects.filter(actor=peer, action="view", participant=participant).exists()
    assert (
        client.post(url, help_data(kind="child_care", note="Twins", minutes="45")).status_code
        == 302
    )
    given = InstrumentalHelp.objects.get()
    contact = Contact.objects.get()
    assert given.participant == participant and given.contact == contact
    assert (contact.kind, contact.instrumental, contact.participant) == (
        "instrumental",
        True,
        participant,
    )
    assert contact.duration_minutes == 45


def test_a_participant_outside_the_caseload_goes_to_emergency_access(as_user, org, participant):
    outsider = testing.make_user(org, "peer")
    url = reverse("community_help_new") + f"?participant={participant.pk}"
    response = as_user(outsider).get(url)
    assert response.status_code == 302 and "emergency" in response["Location"]


def test_another_organizations_participant_is_a_404(as_user, peer, other_org):
    theirs = testing.make_participant(other_org)
    url = reverse("community_help_new") + f"?participant={theirs.pk}"
    assert as_user(peer).get(url).status_code == 404


def test_find_a_participant_through_the_search(as_user, peer, org):
    found = testing.make_participant(
        org, first_name="Marisol", last_name="Quintero", assigned_peer=peer
    )
    response = as_user(peer).post(
        reverse("community_help_new"), {"find": "1", "name": "Marisol Quintero"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert f"?participant={found.pk}" in body
    assert not InstrumentalHelp.objects.exists()


def test_future_date_is_refused(as_user, peer):
    response = as_user(peer).post(
        reverse("community_help_new"), help_data(given_on="2999-01-01", note="Kept note")
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "The date is in the future" in body and "Kept note" in body
    assert not InstrumentalHelp.objects.exists()


def test_log_with_this_months_totals_per_kind(as_user, peer, volunteer, participant):
    today = timezone.localdate()
    community.make_help(volunteer, kind="clothing", quantity=5)
    community.make_help(volunteer, kind="clothing", quantity=2)
    community.make_help(peer, kind="ride", participant=participant)
    community.make_help(peer, kind="child_care", given_on=today - timedelta(days=40))
    body = as_user(peer).get(reverse("community_help")).content.decode()
    assert "<dt>Clothing closet items</dt><dd>7</dd>" in body
    assert "<dt>Ride</dt><dd>1</dd>" in body
    assert "<dt>Child care</dt><dd>0</dd>" in body
    assert participant.display_name not in body  # the log names nobody


def test_volunteers_see_only_anonymous_rows(as_user, peer, volunteer, participant):
    community.make_help(volunteer, kind="clothing", note="Winter coats")
    community.make_help(peer, kind="ride", participant=participant, note="To the clinic")
    body = as_user(volunteer).get(reverse("community_help")).content.decode()
    assert "Winter coats" in body and "To the clinic" not in body
