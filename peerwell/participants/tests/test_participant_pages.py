from datetime import date, timedelta

import pytest
from django.urls import reverse

from peerwell import testing
from peerwell.audit.models import AuditEntry
from peerwell.participants.forms import DOB_IN_FUTURE
from peerwell.participants.models import Participant

pytestmark = pytest.mark.django_db


def enroll_data(**overrides):
    data = {
        "first_name": "Maria",
        "last_name": "Lopez",
        "preferred_name": "Mari",
        "date_of_birth": "1988-03-04",
        "phone": "(215) 555-0142",
        "language": "es",
        "notes": "Prefers evening calls.",
    }
    data.update(overrides)
    return data


def test_peer_enrolls_participant_into_their_caseload(as_user, peer):
    client = as_user(peer)
    response = client.post(reverse("participant_enroll"), enroll_data(assigned_peer=peer.pk))
    participant = Participant.objects.get(last_name="Lopez")
    assert response.status_code == 302
    assert participant.organization == peer.organization
    assert str(participant.phone) == "+12155550142"
    page = client.get(reverse("caseload"))
    assert "Lopez, Mari" in page.content.decode()
    assert AuditEntry.objects.filter(action="create", participant=participant, actor=peer).exists()


def test_future_date_of_birth_is_refused_and_input_kept(as_user, peer):
    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    response = as_user(peer).post(
        reverse("participant_enroll"), enroll_data(date_of_birth=tomorrow)
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert str(DOB_IN_FUTURE) in body
    assert 'value="Maria"' in body and "Prefers evening calls." in body
    assert not Participant.objects.exists()


def test_invalid_phone_gets_plain_message(as_user, peer):
    response = as_user(peer).post(reverse("participant_enroll"), enroll_data(phone="12"))
    assert response.status_code == 200
    assert "Enter a phone number we can call" in response.content.decode()


def test_viewing_a_record_is_audited(as_user, peer, participant):
    response = as_user(peer).get(reverse("participant_detail", args=[participant.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"].count("no-store") == 1
    entry = AuditEntry.objects.get(action="view", participant=participant)
    assert entry.actor == peer and entry.ip_address == "127.0.0.1"


def test_edit_records_changed_field_names_not_values(as_user, peer, participant):
    data = enroll_data(
        first_name=participant.first_name, last_name="Changed", notes="secret note", version=1
    )
    as_user(peer).post(reverse("participant_edit", args=[participant.pk]), data)
    entry = AuditEntry.objects.filter(action="update", participant=participant).get()
    assert "last_name" in entry.fields and "notes" in entry.fields
    assert "secret note" not in str(entry.detail) + str(entry.fields)


def test_peer_needs_a_reason_to_open_a_record_outside_their_caseload(as_user, org, peer):
    someone_else = testing.make_participant(org)
    client = as_user(peer)
    response = client.get(reverse("participant_detail", args=[someone_else.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("participant_emergency", args=[someone_else.pk])
    short = client.post(response["Location"], {"reason": "need"})
    assert "at least 10 characters" in short.content.decode()
    client.post(response["Location"], {"reason": "Participant called the warm line in distress"})
    assert client.get(reverse("participant_detail", args=[someone_else.pk])).status_code == 200
    entry = AuditEntry.objects.get(action="emergency", participant=someone_else)
    assert entry.reason == "Participant called the warm line in distress"


def test_list_query_count_does_not_grow_with_participants(
    as_user, org, peer, django_assert_max_num_queries
):
    client = as_user(peer)
    for _ in range(3):
        testing.make_participant(org, assigned_peer=peer)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("participant_list"))
    for _ in range(30):
        testing.make_participant(org, assigned_peer=peer)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("participant_list"))
    assert response.status_code == 200


def test_supervisor_reassigns_a_participant(as_user, org, supervisor, participant):
    new_peer = testing.make_user(org, "peer")
    response = as_user(supervisor).post(
        reverse("participant_assign", args=[participant.pk]), {"assigned_peer": new_peer.pk}
    )
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.assigned_peer == new_peer
    entry = AuditEntry.objects.get(action="update", participant=participant)
    assert entry.fields == ["assigned_peer"] and entry.actor == supervisor


def test_cannot_assign_to_a_peer_of_another_organization(
    as_user, other_org, supervisor, participant
):
    outsider = testing.make_user(other_org, "peer")
    response = as_user(supervisor).post(
        reverse("participant_assign", args=[participant.pk]), {"assigned_peer": outsider.pk}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    participant.refresh_from_db()
    assert participant.assigned_peer != outsider


def test_list_shows_phone_numbers_as_people_write_them(as_user, org, peer):
    testing.make_participant(org, assigned_peer=peer, phone="+12155550142")
    testing.make_participant(org, assigned_peer=peer, phone="+525512345678")
    testing.make_participant(org, assigned_peer=peer, phone="")
    body = as_user(peer).get(reverse("caseload")).content.decode()
    assert "(215) 555-0142" in body
    assert "55 1234 5678" in body
