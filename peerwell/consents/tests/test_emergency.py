import pytest
from django.urls import reverse

from peerwell.consents.actions import NATURE_REQUIRED
from peerwell.consents.models import Disclosure

pytestmark = pytest.mark.django_db


def emergency_data(**overrides):
    data = {
        "recipient": "St. Mary's Emergency Department",
        "information": ["contact", "service_log"],
        "nature": "Unresponsive at the drop-in center; EMS on scene.",
    }
    data.update(overrides)
    return data


def test_emergency_disclosure_is_recorded_without_consent(as_user, peer, participant):
    response = as_user(peer).post(
        reverse("disclose_emergency", args=[participant.pk]), emergency_data(), follow=True
    )
    assert response.status_code == 200
    disclosure = Disclosure.objects.get()
    assert disclosure.is_emergency and disclosure.consent is None
    assert disclosure.disclosed_by == peer
    assert disclosure.emergency_nature.startswith("Unresponsive")
    assert "Unresponsive at the drop-in center" in response.content.decode()


def test_emergency_disclosure_without_nature_is_refused(as_user, peer, participant):
    response = as_user(peer).post(
        reverse("disclose_emergency", args=[participant.pk]), emergency_data(nature="")
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert str(NATURE_REQUIRED) in body
    assert "St. Mary&#x27;s Emergency Department" in body
    assert not Disclosure.objects.exists()
