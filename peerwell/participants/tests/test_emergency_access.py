"""Emergency access opens a record outside a peer's caseload for an hour, then closes it."""

import pytest
from django.urls import reverse

from peerwell import testing

pytestmark = pytest.mark.django_db

MINUTE = 60


def test_emergency_access_ends_after_its_hour(clock, as_user, org, peer):
    someone_else = testing.make_participant(org)
    record = reverse("participant_detail", args=[someone_else.pk])
    emergency = reverse("participant_emergency", args=[someone_else.pk])
    client = as_user(peer)
    client.post(emergency, {"reason": "Participant called the warm line in distress"})
    # The peer keeps working, so the session never goes idle: only the grant's hour counts.
    for _ in range(5):
        clock.shift(10 * MINUTE)
        assert client.get(record).status_code == 200
    clock.shift(9 * MINUTE)  # 59 minutes after the grant
    assert client.get(record).status_code == 200
    clock.shift(2 * MINUTE)  # 61 minutes
    response = client.get(record)
    assert response.status_code == 302
    assert response["Location"] == emergency
