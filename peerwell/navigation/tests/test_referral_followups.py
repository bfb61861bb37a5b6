"""A sent referral lands on the assigned peer's follow-ups list on day N and stays there,
oldest first, until it is closed."""

from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from peerwell import testing
from peerwell.navigation import actions
from peerwell.navigation.testing import make_referral

FOLLOW_UPS = reverse("follow_ups")


def sent(participant, peer, days=7, **fields):
    referral = make_referral(participant, by=peer, follow_up_days=days, **fields)
    return actions.move_referral(by=peer, referral=referral, to="sent", version=referral.version)


def test_it_appears_on_day_n_and_stays_until_closed(as_user, peer, participant):
    referral = sent(participant, peer, days=3, provider_name="Harbor Legal Aid")
    start = timezone.now()
    # Signed in afresh on each day: a session does not last days.
    with time_machine.travel(start + timedelta(days=2)):
        assert "Harbor Legal Aid" not in as_user(peer).get(FOLLOW_UPS).content.decode()
    with time_machine.travel(start + timedelta(days=3)):
        html = as_user(peer).get(FOLLOW_UPS).content.decode()
        assert "Referrals to follow up" in html and "Harbor Legal Aid" in html
        assert reverse("referral", args=[referral.pk]) in html
    with time_machine.travel(start + timedelta(days=20)):
        client = as_user(peer)
        assert "Harbor Legal Aid" in client.get(FOLLOW_UPS).content.decode()
        referral.refresh_from_db()
        actions.move_referral(by=peer, referral=referral, to="accepted", version=referral.version)
        assert "Harbor Legal Aid" in client.get(FOLLOW_UPS).content.decode()
        referral.refresh_from_db()
        actions.move_referral(by=peer, referral=referral, to="completed", version=referral.version)
        assert "Harbor Legal Aid" not in client.get(FOLLOW_UPS).content.decode()


def test_oldest_first_and_only_the_peers_caseload(as_user, org, peer, participant):
    start = timezone.now()
    with time_machine.travel(start - timedelta(days=10)):
        sent(participant, peer, provider_name="Older Place")
    sent(participant, peer, days=1, provider_name="Newer Place")
    someone_else = testing.make_participant(org, assigned_peer=testing.make_user(org, "peer"))
    sent(someone_else, peer, days=1, provider_name="Not Mine")
    proposed = make_referral(participant, by=peer, provider_name="Never Sent")
    assert proposed.follow_up_on is None
    with time_machine.travel(start + timedelta(days=1)):
        html = as_user(peer).get(FOLLOW_UPS).content.decode()
    assert html.index("Older Place") < html.index("Newer Place")
    assert "Not Mine" not in html and "Never Sent" not in html
