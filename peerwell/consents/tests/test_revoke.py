import pytest
from django.urls import reverse

from peerwell import testing
from peerwell.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_revoking_a_consent_is_confirmed_then_audited(as_user, peer, participant):
    consent = testing.make_consent(participant, witnessed_by=peer)
    client = as_user(peer)
    url = reverse("consent_revoke", args=[participant.pk, consent.pk])
    assert client.get(url).status_code == 200
    consent.refresh_from_db()
    assert consent.revoked_at is None
    response = client.post(url)
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.revoked_at is not None and consent.revoked_by == peer
    assert consent.status == "revoked"
    assert AuditEntry.objects.filter(
        action="update", model="consents.consent", object_id=str(consent.pk)
    ).exists()
    page = client.get(reverse("consent_list", args=[participant.pk]))
    assert "Revoked" in page.content.decode()


def test_consent_of_another_participant_is_404(as_user, peer, participant, org):
    someone_else = testing.make_participant(org, assigned_peer=peer)
    consent = testing.make_consent(someone_else, witnessed_by=peer)
    url = reverse("consent_revoke", args=[participant.pk, consent.pk])
    assert as_user(peer).get(url).status_code == 404
