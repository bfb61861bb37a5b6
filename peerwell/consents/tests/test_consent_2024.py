"""The consent form records every element of 42 CFR 2.31(a) as amended in 2024, and the
consent's page and every packet sent under it show them."""

import importlib
from datetime import date

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.html import escape

from peerwell import testing
from peerwell.consents.forms import CONSEQUENCES_REQUIRED, REPRESENTATIVE_REQUIRED
from peerwell.consents.models import (
    HIPAA_REDISCLOSURE_STATEMENT,
    REDISCLOSURE_STATEMENT,
    REVOCATION_EXCEPTION,
    TPO_PURPOSE,
    TPO_RECIPIENTS,
    Consent,
)

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "disclosing_party": "Riverside Recovery Community",
        "recipient": "Harbor Clinic",
        "information": ["contact"],
        "purpose": "Care coordination",
        "revocation_method": "In writing, to the program director.",
        "told_right_to_revoke": "on",
        "conditioning": "not_conditioned",
        "expiry_event": "When the referral ends",
        "signature": "Alex Rivera",
        "signed_on": date.today().isoformat(),
    }
    data.update(overrides)
    return data


def post(client, participant, **overrides):
    return client.post(reverse("consent_new", args=[participant.pk]), form_data(**overrides))


def test_a_tpo_consent_names_a_class_of_recipients_and_carries_the_hipaa_statement(
    as_user, peer, participant
):
    client = as_user(peer)
    response = post(
        client,
        participant,
        is_tpo="on",
        recipient="",
        purpose="",
        recipient_is_covered_entity="on",
        information=["whole_record"],
    )
    assert response.status_code == 302
    consent = Consent.objects.get()
    assert consent.recipient == str(TPO_RECIPIENTS) and consent.purpose == str(TPO_PURPOSE)
    page = client.get(reverse("consent_detail", args=[participant.pk, consent.pk]))
    body = page.content.decode()
    for statement in (REVOCATION_EXCEPTION, REDISCLOSURE_STATEMENT, HIPAA_REDISCLOSURE_STATEMENT):
        assert escape(str(statement)) in body
    assert "In writing, to the program director." in body
    assert "do not depend on whether they sign this consent" in body


def test_every_element_shows_on_the_consent_page_and_in_the_packet(as_user, peer, participant):
    client = as_user(peer)
    post(
        client,
        participant,
        recipient="Harbor Clinic\nDr. Ana Ortiz",
        signed_by_representative="on",
        representative_name="Maria Rivera",
        representative_authority="Parent of a minor",
        signature="Maria Rivera",
        conditioning="conditioned",
        refusal_consequences="The housing referral cannot be made without it.",
    )
    consent = Consent.objects.get()
    assert consent.recipient_list == ["Harbor Clinic", "Dr. Ana Ortiz"]
    detail = client.get(reverse("consent_detail", args=[participant.pk, consent.pk]))
    packet = client.post(
        reverse("disclose", args=[participant.pk]),
        {"recipient": "Dr. Ana Ortiz", "information": ["contact"], "purpose": "Referral"},
        follow=True,
    )
    for page in (detail, packet):
        body = page.content.decode()
        assert "Harbor Clinic; Dr. Ana Ortiz" in body
        assert "personal representative Maria Rivera, Parent of a minor" in body
        assert "The housing referral cannot be made without it." in body
        assert escape(str(REDISCLOSURE_STATEMENT)) in body
        assert escape(str(HIPAA_REDISCLOSURE_STATEMENT)) not in body
        assert participant.full_name in body and "Care coordination" in body


def test_a_representative_must_be_named_with_their_authority(as_user, peer, participant):
    response = post(
        as_user(peer), participant, signed_by_representative="on", representative_name="Maria"
    )
    body = response.content.decode()
    assert response.status_code == 200 and escape(str(REPRESENTATIVE_REQUIRED)) in body
    assert 'value="Maria"' in body  # what was typed comes back
    assert not Consent.objects.exists()
    # The database refuses it too, whatever writes the row.
    with pytest.raises(IntegrityError), transaction.atomic():
        testing.make_consent(participant, witnessed_by=peer, signed_by_representative=True)


def test_conditioning_on_signing_must_say_what_happens_without(as_user, peer, participant):
    response = post(as_user(peer), participant, conditioning="conditioned")
    assert escape(str(CONSEQUENCES_REQUIRED)) in response.content.decode()
    assert not Consent.objects.exists()


def test_the_form_offers_only_what_peerwell_holds_and_how_to_revoke(as_user, peer, participant):
    page = as_user(peer).get(reverse("consent_new", args=[participant.pk])).content.decode()
    assert 'value="contact"' in page and 'value="whole_record"' in page
    assert 'value="wellness_plan"' in page and 'value="assessments"' in page
    # Referrals are kept since systems navigation (issue 11): a consent may name them.
    assert 'value="referrals"' in page
    assert f"In writing, to {participant.organization.name}" in page


def test_consents_recorded_before_the_rule_are_revoked_in_writing_to_who_discloses(
    peer, participant
):
    consent = testing.make_consent(participant, witnessed_by=peer, revocation_method="")
    migration = importlib.import_module("peerwell.consents.migrations.0004_consent_2024_rule")
    migration.revoke_in_writing(apps, None)
    consent.refresh_from_db()
    assert consent.revocation_method == f"In writing, to {participant.organization.name}."
    assert consent.conditioning == "not_conditioned" and not consent.signed_by_representative
