"""The full intake: pathways, stage, contact preferences, consent to services, history."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.urls import reverse

from peerwell import testing
from peerwell.participants.forms import CONSENT_DATE_FUTURE, OWN_PATHWAY_NEEDED
from peerwell.participants.models import Assignment, Participant, ParticipantVersion, StageChange

pytestmark = pytest.mark.django_db


def intake(peer, **overrides):
    data = {
        "first_name": "Dana",
        "last_name": "Whitfield",
        "pronouns": "they/them",
        "date_of_birth": "1979-09-12",
        "language": "en",
        "other_languages": "ASL",
        "phone": "215-555-0177",
        "may_call": "on",
        "may_text": "on",
        "safe_times": "after 6pm",
        "email": "dana@example.org",
        "address": "12 Elm St",
        "emergency_contact": "Pat (sister)",
        "emergency_contact_phone": "267-555-0100",
        "pathways": ["twelve_step", "medication"],
        "stage": "after",
        "referral_source": "treatment",
        "services_consent_name": "Dana Whitfield",
        "services_consent_date": date.today().isoformat(),
        "assigned_peer": peer.pk,
    }
    data.update(overrides)
    return data


def test_full_intake_is_saved_and_shown(as_user, peer):
    client = as_user(peer)
    response = client.post(reverse("participant_enroll"), intake(peer))
    assert response.status_code == 302
    p = Participant.objects.get()
    assert p.pathways == ["twelve_step", "medication"] and p.stage == "after"
    assert p.may_text and not p.voicemail_may_mention_program
    assert str(p.emergency_contact_phone) == "+12675550100"
    assert p.services_consent_witness == peer
    page = client.get(reverse("participant_detail", args=[p.pk])).content.decode()
    assert "12-step, Medication-supported" in page and "After treatment" in page
    assert "A voicemail must not mention the program." in page
    assert "Signed by Dana Whitfield" in page
    assert StageChange.objects.filter(participant=p, stage="after").exists()
    assert Assignment.objects.filter(participant=p, peer=peer).exists()


def test_address_is_encrypted_at_rest(as_user, peer):
    as_user(peer).post(reverse("participant_enroll"), intake(peer))
    with connection.cursor() as cursor:
        cursor.execute("SELECT address FROM participants_participant")
        # The whole address (spaces never occur in the Fernet token), not a fragment that
        # random ciphertext could contain by chance.
        assert "12 Elm St" not in cursor.fetchone()[0]


def test_own_pathway_needs_a_description(as_user, peer):
    response = as_user(peer).post(
        reverse("participant_enroll"), intake(peer, pathways=["own"], own_pathway="")
    )
    assert str(OWN_PATHWAY_NEEDED) in response.content.decode()
    assert 'value="Dana"' in response.content.decode()


def test_consent_to_services_cannot_be_dated_in_the_future(as_user, peer):
    later = (date.today() + timedelta(days=5)).isoformat()
    response = as_user(peer).post(
        reverse("participant_enroll"), intake(peer, services_consent_date=later)
    )
    assert str(CONSENT_DATE_FUTURE) in response.content.decode()


def test_edits_keep_previous_values_and_history(as_user, peer):
    client = as_user(peer)
    client.post(reverse("participant_enroll"), intake(peer))
    p = Participant.objects.get()
    other = testing.make_user(peer.organization, "peer", full_name="Rosa Delgado")
    client.post(
        reverse("participant_edit", args=[p.pk]),
        intake(
            peer, stage="during", safe_times="mornings", assigned_peer=other.pk, version=p.version
        ),
    )
    version = ParticipantVersion.objects.get(participant=p)
    assert version.version == 1 and set(version.fields) >= {"stage", "safe_times"}
    assert version.previous["safe_times"] == "after 6pm"
    with connection.cursor() as cursor:
        cursor.execute("SELECT previous_values FROM participants_participantversion")
        assert "after 6pm" not in cursor.fetchone()[0]
    assert list(StageChange.objects.filter(participant=p).values_list("stage", flat=True)) == [
        "during",
        "after",
    ]
    # The record has moved to another peer's caseload: a supervisor looks at it.
    client = as_user(testing.make_user(peer.organization, "supervisor"))
    page = client.get(reverse("participant_detail", args=[p.pk])).content.decode()
    assert "Stage: During treatment" in page
    history = client.get(reverse("participant_history", args=[p.pk])).content.decode()
    assert "Version 1, changed by" in history and "after 6pm" in history
    # Fields by their labels, choices by theirs, the earlier peer by name.
    assert "<dt>Safe times to call</dt>" in history
    assert "<dd>After treatment</dd>" in history
    assert f"<dd>{peer.full_name}</dd>" in history
