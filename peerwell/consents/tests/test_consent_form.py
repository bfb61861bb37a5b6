from datetime import date, timedelta

import pytest
from django.urls import reverse

from peerwell import testing
from peerwell.audit.models import AuditEntry
from peerwell.consents.forms import EXPIRY_IN_PAST, EXPIRY_REQUIRED, RECIPIENT_REQUIRED
from peerwell.consents.models import Consent

pytestmark = pytest.mark.django_db


def consent_data(**overrides):
    data = {
        "disclosing_party": "Riverside Recovery Community",
        "information": ["contact", "service_log"],
        "recipient": "Harbor Housing Services",
        "purpose": "Support the housing application",
        "told_right_to_revoke": "on",
        "revocation_method": "In writing, to the program director.",
        "conditioning": "not_conditioned",
        "expires_on": (date.today() + timedelta(days=180)).isoformat(),
        "expiry_event": "",
        "signature": "Maria Lopez",
        "signed_on": date.today().isoformat(),
    }
    data.update(overrides)
    return data


def test_peer_records_a_consent(as_user, peer, participant):
    client = as_user(peer)
    response = client.post(reverse("consent_new", args=[participant.pk]), consent_data())
    assert response.status_code == 302
    consent = Consent.objects.get()
    assert consent.information == "contact,service_log"
    assert consent.witnessed_by == peer and consent.organization == participant.organization
    assert consent.status == "valid"
    assert AuditEntry.objects.filter(action="create", participant=participant).exists()
    page = client.get(reverse("consent_list", args=[participant.pk]))
    assert "Harbor Housing Services" in page.content.decode()


def test_form_suggests_the_organization_as_who_may_disclose(as_user, peer, participant, org):
    response = as_user(peer).get(reverse("consent_new", args=[participant.pk]))
    assert f'value="{org.name}"' in response.content.decode()


def test_consent_without_recipient_is_refused_and_input_kept(as_user, peer, participant):
    response = as_user(peer).post(
        reverse("consent_new", args=[participant.pk]), consent_data(recipient="")
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert str(RECIPIENT_REQUIRED) in body
    assert "Support the housing application" in body and 'value="Maria Lopez"' in body
    assert not Consent.objects.exists()


def test_expiry_in_the_past_is_refused(as_user, peer, participant):
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    response = as_user(peer).post(
        reverse("consent_new", args=[participant.pk]), consent_data(expires_on=yesterday)
    )
    assert response.status_code == 200
    assert str(EXPIRY_IN_PAST) in response.content.decode()
    assert not Consent.objects.exists()


def test_consent_needs_an_expiry_date_or_event(as_user, peer, participant):
    client = as_user(peer)
    url = reverse("consent_new", args=[participant.pk])
    response = client.post(url, consent_data(expires_on=""))
    assert str(EXPIRY_REQUIRED) in response.content.decode()
    assert not Consent.objects.exists()
    response = client.post(url, consent_data(expires_on="", expiry_event="End of the program"))
    assert response.status_code == 302


def test_another_organizations_consent_is_404(as_user, peer, participant, other_org):
    other_participant = testing.make_participant(other_org)
    other_peer = testing.make_user(other_org, "peer")
    foreign = testing.make_consent(other_participant, witnessed_by=other_peer)
    client = as_user(peer)
    url = reverse("consent_revoke", args=[participant.pk, foreign.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    foreign.refresh_from_db()
    assert foreign.revoked_at is None


def test_peer_off_caseload_goes_through_emergency_access_and_back(as_user, org, participant):
    other_peer = testing.make_user(org, "peer")
    client = as_user(other_peer)
    consents = reverse("consent_list", args=[participant.pk])
    response = client.get(consents)
    assert response.status_code == 302
    door = reverse("participant_emergency", args=[participant.pk])
    assert response.url == f"{door}?next={consents.replace('/', '%2F')}"
    reason = "Housing caseworker needs the consent status today"
    granted = client.post(response.url, {"reason": reason, "next": consents})
    assert granted.url == consents
    assert client.get(consents).status_code == 200
