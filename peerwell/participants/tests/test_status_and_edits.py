"""Status changes through the table of allowed transitions, edit conflicts, duplicates."""

from datetime import date

import pytest
from django.urls import reverse

from peerwell import testing
from peerwell.audit.models import AuditEntry
from peerwell.participants.forms import EDIT_CONFLICT
from peerwell.participants.models import Participant, StatusChange

pytestmark = pytest.mark.django_db


def edit_data(participant, **overrides):
    data = {
        "first_name": participant.first_name,
        "last_name": participant.last_name,
        "date_of_birth": participant.date_of_birth.isoformat(),
        "phone": "",
        "language": "en",
        "assigned_peer": participant.assigned_peer_id or "",
        "version": participant.version,
    }
    data.update(overrides)
    return data


def test_discharge_needs_a_reason_and_shows_on_the_timeline(as_user, peer, participant):
    client = as_user(peer)
    url = reverse("participant_status", args=[participant.pk])
    refused = client.post(url, {"to_status": "discharged", "reason": ""})
    assert "Choose the reason for the discharge." in refused.content.decode()
    client.post(url, {"to_status": "discharged", "reason": "goals_met"})
    participant.refresh_from_db()
    assert participant.status == "discharged" and participant.discharge_reason == "goals_met"
    page = client.get(reverse("participant_detail", args=[participant.pk])).content.decode()
    assert "Status: Discharged" in page and "Goals met" in page
    assert AuditEntry.objects.filter(
        action="update", participant=participant, fields=["status"]
    ).exists()


def test_forbidden_transition_gets_a_clear_message(as_user, peer, participant):
    participant.status = "discharged"
    participant.save()
    response = as_user(peer).post(
        reverse("participant_status", args=[participant.pk]), {"to_status": "inactive"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    from peerwell.participants import actions

    request = type("R", (), {"user": peer, "path": "/", "META": {}})()
    with pytest.raises(actions.StatusChangeRefused, match="cannot become inactive"):
        actions.change_status(request=request, participant=participant, to_status="inactive")


def test_re_enrollment_keeps_the_history(as_user, peer, participant):
    client = as_user(peer)
    url = reverse("participant_status", args=[participant.pk])
    client.post(url, {"to_status": "discharged", "reason": "lost_contact"})
    client.post(url, {"to_status": "active"})
    participant.refresh_from_db()
    assert participant.status == "active" and participant.discharge_reason == ""
    steps = list(StatusChange.objects.order_by("id").values_list("from_status", "to_status"))
    assert steps == [("active", "discharged"), ("discharged", "active")]


def test_second_of_two_simultaneous_edits_is_refused_with_input_kept(
    client, org, peer, participant
):
    from django.test import Client

    first, second = Client(), Client()
    testing.sign_in(first, peer)
    testing.sign_in(second, peer)
    url = reverse("participant_edit", args=[participant.pk])
    assert first.post(url, edit_data(participant, last_name="FirstSave")).status_code == 302
    response = second.post(url, edit_data(participant, last_name="SecondSave"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this record" in body and 'value="SecondSave"' in body
    participant.refresh_from_db()
    assert participant.last_name == "FirstSave" and participant.version == 2
    assert str(EDIT_CONFLICT)[:20] in body


def test_enrollment_shows_possible_duplicates_first(as_user, org, peer):
    testing.make_participant(
        org, first_name="Maria", last_name="Lopez", date_of_birth=date(1988, 3, 4), phone=""
    )
    client = as_user(peer)
    data = {
        "first_name": "maria",
        "last_name": "LOPEZ",
        "date_of_birth": "1988-03-04",
        "phone": "",
        "language": "es",
    }
    first_try = client.post(reverse("participant_enroll"), data)
    assert first_try.status_code == 200
    assert "This person may already be enrolled" in first_try.content.decode()
    assert Participant.objects.count() == 1
    anyway = client.post(reverse("participant_enroll"), {**data, "not_a_duplicate": "1"})
    assert anyway.status_code == 302
    assert Participant.objects.count() == 2


def test_same_phone_is_a_possible_duplicate(as_user, org, peer):
    testing.make_participant(org, phone="+12155550199")
    response = as_user(peer).post(
        reverse("participant_enroll"),
        {
            "first_name": "Other",
            "last_name": "Name",
            "date_of_birth": "1970-01-01",
            "phone": "215-555-0199",
            "language": "en",
        },
    )
    assert "This person may already be enrolled" in response.content.decode()


def test_duplicates_never_come_from_another_organization(as_user, other_org, peer):
    testing.make_participant(other_org, phone="+12155550199")
    response = as_user(peer).post(
        reverse("participant_enroll"),
        {
            "first_name": "Other",
            "last_name": "Name",
            "date_of_birth": "1970-01-01",
            "phone": "215-555-0199",
            "language": "en",
        },
    )
    assert response.status_code == 302
