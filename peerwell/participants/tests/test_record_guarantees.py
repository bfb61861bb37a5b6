"""Guarantees about participants' records that a mistake could break silently: the daily
inactivity sweep stays in its organization, an edit touches only its own record's
version, emergency access to a second record keeps the first, and the witness of a
signature changes only when the signature does."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from peerwell import testing
from peerwell.audit.models import AuditEntry
from peerwell.participants.models import Participant, StatusChange

pytestmark = pytest.mark.django_db

EMERGENCY_REASON = "Participant called the warm line in distress"


def quiet_participant(org, peer):
    return testing.make_participant(
        org, assigned_peer=peer, created_at=timezone.now() - timedelta(days=200)
    )


def test_the_inactivity_sweep_marks_each_organization_by_its_own_period(org, other_org, capsys):
    org.inactive_after_days = 30
    org.save()
    other_org.inactive_after_days = 365
    other_org.save()
    quiet = quiet_participant(org, testing.make_user(org, "peer"))
    elsewhere = quiet_participant(other_org, testing.make_user(other_org, "peer"))
    call_command("mark_inactive")
    assert "1 participants marked inactive." in capsys.readouterr().out
    quiet.refresh_from_db()
    elsewhere.refresh_from_db()
    assert (quiet.status, quiet.version) == ("inactive", 2)
    assert (elsewhere.status, elsewhere.version) == ("active", 1)
    change = StatusChange.objects.get()
    assert (change.participant, change.from_status, change.to_status) == (
        quiet,
        "active",
        "inactive",
    )
    entry = AuditEntry.objects.get(action="update")
    assert (entry.organization, entry.actor) == (org, None)
    assert entry.detail == {"marked_inactive": [quiet.pk], "after_days": 30}
    # A second run the same day finds nobody.
    call_command("mark_inactive")
    assert "0 participants marked inactive." in capsys.readouterr().out


def edit_data(participant, **overrides):
    return {
        "first_name": participant.first_name,
        "last_name": participant.last_name,
        "date_of_birth": participant.date_of_birth.isoformat(),
        "phone": "",
        "language": "en",
        "assigned_peer": participant.assigned_peer_id or "",
        "version": participant.version,
        **overrides,
    }


def test_an_edit_moves_only_its_own_records_version(as_user, org, peer):
    edited = testing.make_participant(org, assigned_peer=peer)
    untouched = testing.make_participant(org, assigned_peer=peer)
    client = as_user(peer)
    url = reverse("participant_edit", args=[edited.pk])
    assert client.post(url, edit_data(edited, last_name="Moreno")).status_code == 302
    untouched.refresh_from_db()
    assert untouched.version == 1
    # So an edit of the other record, begun before, still saves.
    other_url = reverse("participant_edit", args=[untouched.pk])
    assert client.post(other_url, edit_data(untouched, last_name="Silva")).status_code == 302


def test_emergency_access_to_a_second_record_keeps_the_first_open(as_user, org, peer):
    first, second = testing.make_participant(org), testing.make_participant(org)
    client = as_user(peer)
    for participant in (first, second):
        client.post(
            reverse("participant_emergency", args=[participant.pk]), {"reason": EMERGENCY_REASON}
        )
    for participant in (first, second):
        response = client.get(reverse("participant_detail", args=[participant.pk]))
        assert response.status_code == 200
    entry = AuditEntry.objects.filter(action="emergency", participant=first).get()
    assert (entry.actor, entry.reason, entry.ip_address) == (peer, EMERGENCY_REASON, "127.0.0.1")
    assert entry.path == reverse("participant_emergency", args=[first.pk])


def test_the_witness_changes_only_when_the_signature_does(org, peer):
    witness = testing.make_user(org, "peer")
    participant = testing.make_participant(
        org,
        assigned_peer=peer,
        services_consent_name="Alex Rivera",
        services_consent_date=date(2026, 1, 12),
        services_consent_witness=witness,
    )
    client = Client()
    testing.sign_in(client, peer)
    url = reverse("participant_edit", args=[participant.pk])
    data = edit_data(
        participant, services_consent_name="Alex Rivera", services_consent_date="2026-01-12"
    )
    assert client.post(url, {**data, "last_name": "Moreno"}).status_code == 302
    participant.refresh_from_db()
    assert participant.services_consent_witness == witness
    # Signing again is witnessed by whoever is there.
    data = edit_data(
        participant, services_consent_name="Alex R. Moreno", services_consent_date="2026-01-12"
    )
    assert client.post(url, {**data, "last_name": "Moreno"}).status_code == 302
    participant.refresh_from_db()
    assert participant.services_consent_witness == peer
    entry = AuditEntry.objects.filter(action="update", participant=participant).latest("id")
    assert (entry.actor, entry.fields, entry.path) == (peer, ["services_consent_name"], url)


def test_a_status_change_is_dated_signed_and_audited(as_user, peer, participant, org):
    url = reverse("participant_status", args=[participant.pk])
    as_user(peer).post(url, {"to_status": "inactive"})
    change = StatusChange.objects.get()
    assert (change.changed_by, change.from_status, change.to_status, change.reason) == (
        peer,
        "active",
        "inactive",
        "",
    )
    participant.refresh_from_db()
    assert participant.version == 2
    entry = AuditEntry.objects.get(action="update", participant=participant)
    assert (entry.actor, entry.fields, entry.path, entry.ip_address) == (
        peer,
        ["status"],
        url,
        "127.0.0.1",
    )
    assert Participant.objects.get(pk=participant.pk).discharge_reason == ""


def direct_request(user):
    from django.test import RequestFactory

    request = RequestFactory().post("/")
    request.user = user
    return request


def test_status_rules_hold_for_every_caller(peer, participant):
    from peerwell.participants.actions import StatusChangeRefused, change_status

    participant.status = "discharged"
    participant.save()
    with pytest.raises(StatusChangeRefused) as refusal:
        change_status(request=direct_request(peer), participant=participant, to_status="inactive")
    assert str(refusal.value) == "A participant who is discharged cannot become inactive."
    participant.status = "active"
    participant.save()
    with pytest.raises(StatusChangeRefused) as refusal:
        change_status(request=direct_request(peer), participant=participant, to_status="discharged")
    assert str(refusal.value) == "Choose the reason for the discharge."
    # A reason given for anything but a discharge is not kept.
    change_status(
        request=direct_request(peer), participant=participant, to_status="inactive", reason="moved"
    )
    participant.refresh_from_db()
    assert (participant.status, participant.discharge_reason) == ("inactive", "")


def test_a_discharge_keeps_its_reason_on_the_timeline(as_user, peer, participant):
    url = reverse("participant_status", args=[participant.pk])
    as_user(peer).post(url, {"to_status": "discharged", "reason": "goals_met"})
    assert StatusChange.objects.get().reason == "goals_met"


def test_reassigning_moves_the_version_by_one(as_user, org, supervisor, participant):
    participant.version = 3
    participant.save()
    other_peer = testing.make_user(org, "peer")
    as_user(supervisor).post(
        reverse("participant_assign", args=[participant.pk]), {"assigned_peer": other_peer.pk}
    )
    participant.refresh_from_db()
    assert (participant.assigned_peer, participant.version) == (other_peer, 4)


def test_enrolling_records_who_enrolled_and_which_fields(as_user, peer):
    url = reverse("participant_enroll")
    as_user(peer).post(
        url,
        {
            "first_name": "Rosa",
            "last_name": "Diaz",
            "date_of_birth": "1979-02-03",
            "phone": "",
            "language": "es",
        },
    )
    participant = Participant.objects.get(last_name="Diaz")
    assert participant.created_by == peer
    entry = AuditEntry.objects.get(action="create", participant=participant)
    assert {"first_name", "last_name", "date_of_birth"} <= set(entry.fields)
    assert (entry.actor, entry.path) == (peer, url)


def test_a_merged_record_is_left_out_of_the_inactivity_sweep(org, peer, capsys):
    org.inactive_after_days = 30
    org.save()
    kept = testing.make_participant(org, assigned_peer=peer)
    merged = quiet_participant(org, peer)
    merged.merged_into = kept
    merged.save()
    call_command("mark_inactive")
    assert "0 participants marked inactive." in capsys.readouterr().out
    merged.refresh_from_db()
    assert merged.status == "active"


def test_editing_a_family_member_is_audited_with_its_page(as_user, peer, participant):
    member = testing.make_family_member(participant)
    url = reverse("family_member_edit", args=[member.pk])
    data = {"first_name": "Rosa", "last_name": member.last_name, "version": 1}
    assert as_user(peer).post(url, data).status_code == 302
    entry = AuditEntry.objects.get(action="update", model="participants.familymember")
    assert (entry.actor, entry.object_id, entry.fields) == (peer, str(member.pk), ["first_name"])
    assert (entry.path, entry.ip_address) == (url, "127.0.0.1")


def test_a_new_drawing_alone_is_witnessed_by_whoever_is_there(as_user, org, peer):
    witness = testing.make_user(org, "peer")
    participant = testing.make_participant(
        org,
        assigned_peer=peer,
        services_consent_name="Alex Rivera",
        services_consent_date=date(2026, 1, 12),
        services_consent_witness=witness,
    )
    data = edit_data(
        participant,
        services_consent_name="Alex Rivera",
        services_consent_date="2026-01-12",
        services_consent_drawing="M10 10L20 20L30 10",
    )
    response = as_user(peer).post(reverse("participant_edit", args=[participant.pk]), data)
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.services_consent_witness == peer
