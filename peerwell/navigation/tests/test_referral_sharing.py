"""Sending a referral with the participant's information: only through `disclose()`,
under a consent that names the provider and covers referral details; then its FHIR
file (ServiceRequest + Task, validated by the R4B models of fhir.resources), and the
disclosure packet's "Referral details" section."""

import json

import pytest
from django.test import RequestFactory
from django.urls import reverse
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.servicerequest import ServiceRequest
from fhir.resources.R4B.task import Task

from peerwell import testing
from peerwell.audit.models import AuditEntry
from peerwell.consents.actions import REDISCLOSURE_NOTICE, disclose
from peerwell.consents.models import Disclosure
from peerwell.consents.packet import build_packet
from peerwell.navigation import actions, fhir
from peerwell.navigation.testing import make_referral

pytestmark = pytest.mark.django_db
PROVIDER = "Harbor House Housing Help"


def consent_for(participant, information="referrals", **fields):
    return testing.make_consent(
        participant,
        witnessed_by=participant.assigned_peer,
        recipient=PROVIDER,
        information=information,
        **fields,
    )


def share_url(referral):
    return reverse("referral_share", args=[referral.pk])


def resources(body):
    Bundle.model_validate(body)
    request, task = (entry["resource"] for entry in body["entry"])
    return ServiceRequest.model_validate(request), Task.model_validate(task)


def sent_referral(participant, peer, **fields):
    referral = make_referral(participant, by=peer, provider_name=PROVIDER, **fields)
    return actions.move_referral(by=peer, referral=referral, to="sent", version=referral.version)


def test_without_a_consent_for_referrals_the_page_says_so(as_user, peer, participant):
    consent_for(participant, information="contact")
    html = as_user(peer).get(share_url(make_referral(participant, by=peer))).content.decode()
    assert "No valid consent covers referral details" in html


def test_sharing_without_consent_is_refused_in_plain_words_and_nothing_recorded(
    as_user, peer, participant
):
    consent_for(participant, information="contact")
    referral = make_referral(participant, by=peer)
    response = as_user(peer).post(
        share_url(referral), {"recipient": PROVIDER, "purpose": "Kept purpose"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "does not cover: Referral details" in body and "Kept purpose" in body
    assert not Disclosure.objects.exists()
    referral.refresh_from_db()
    assert referral.disclosure is None


def test_the_fhir_file_before_sharing_leads_to_the_sharing_page(as_user, peer, participant):
    referral = make_referral(participant, by=peer)
    response = as_user(peer).get(reverse("referral_fhir", args=[referral.pk]))
    assert response["Location"] == share_url(referral)


def test_sharing_under_consent_records_it_and_the_file_validates(as_user, peer, participant):
    consent = consent_for(participant)
    referral = sent_referral(participant, peer, warm_handoff=True, note="Private note")
    client = as_user(peer)
    assert PROVIDER in client.get(share_url(referral)).content.decode()
    response = client.post(share_url(referral), {"recipient": PROVIDER, "purpose": "Housing"})
    assert response["Location"] == reverse("referral", args=[referral.pk])
    disclosure = Disclosure.objects.get()
    assert (disclosure.consent, disclosure.information) == (consent, "referrals")
    referral.refresh_from_db()
    assert referral.disclosure == disclosure
    download = client.get(reverse("referral_fhir", args=[referral.pk]))
    assert download["Content-Type"] == "application/fhir+json"
    request, task = resources(json.loads(download.content))
    assert request.subject.display == participant.full_name
    assert request.code.coding[0].code == "housing" and request.status == "active"
    assert request.performer[0].display == PROVIDER
    assert task.status == "requested" and task.focus.reference.startswith("urn:uuid:")
    assert "Private note" not in download.content.decode()
    assert "42 CFR part 2" in request.text.div
    client.get(reverse("referral_fhir", args=[referral.pk]))
    assert Disclosure.objects.count() == 1
    assert (
        AuditEntry.objects.filter(
            action="export", model="navigation.referral", participant=participant
        ).count()
        == 2
    )


@pytest.mark.parametrize(
    ("moves", "request_status", "task_status"),
    [
        ((), "draft", "draft"),
        (("sent", "accepted"), "active", "accepted"),
        (("sent", "completed"), "completed", "completed"),
        (("declined",), "revoked", "rejected"),
    ],
)
def test_each_status_is_a_valid_pair(peer, participant, moves, request_status, task_status):
    referral = make_referral(participant, by=peer)
    for to in moves:
        referral = actions.move_referral(
            by=peer, referral=referral, to=to, version=referral.version
        )
    request, task = resources(fhir.bundle(referral, notice=REDISCLOSURE_NOTICE))
    assert (request.status, task.status) == (request_status, task_status)
    assert {label.code for label in request.meta.security} >= {"R", "42CFRPart2", "NORDSCLCD"}


def packet(peer, participant, information):
    testing.make_consent(participant, witnessed_by=peer, information=",".join(information))
    request = RequestFactory().post("/")
    request.user = peer
    disclosure = disclose(
        request=request,
        participant=participant,
        recipient="Riverside Housing Authority",
        information=information,
        purpose="Housing",
    )
    return {str(section.title): section for section in build_packet(disclosure, peer)}


def test_the_packet_lists_referrals_without_the_note(peer, participant):
    sent_referral(participant, peer, note="Private note", need="legal")
    section = packet(peer, participant, ["referrals"])["Referral details"]
    assert len(section.rows) == 1
    need, kind, provider, status, *_dates = section.rows[0]
    assert (str(need), provider, str(status)) == ("Legal help", PROVIDER, "Sent")
    assert "Private note" not in repr(section.rows)


def test_the_packet_without_referrals_says_there_are_none(peer, participant):
    section = packet(peer, participant, ["referrals"])["Referral details"]
    assert not section.rows and "holds none" in str(section.empty)
