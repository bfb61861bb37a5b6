"""`peerwell seed` writes referrals across needs and statuses, some back to treatment
linked to the check-in escalations it seeded, and tops up a database seeded before
referrals existed. Runs on SQLite and PostgreSQL (COPY) alike."""

from datetime import date

import pytest
from django.db.models import F

from peerwell.core.seeding import seed
from peerwell.core.seeding.referrals import seed_referrals
from peerwell.navigation.followups import referrals_to_follow_up
from peerwell.navigation.models import Referral
from peerwell.participants.models import Participant

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 20)


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            result = seed(
                orgs=2,
                participants=300,
                seed=41,
                contacts_per_participant=6,
                today=TODAY,
                progress=False,
                prefix="referrals",
                checkin_share=1.0,
            )
            yield result
            transaction.set_rollback(True)


def test_a_share_of_participants_have_referrals_across_needs_and_statuses(seeded):
    people = Participant.objects.filter(organization__in=seeded.organizations).count()
    referred = Referral.objects.values("participant").distinct().count()
    assert 0.2 * people < referred < 0.5 * people
    assert seeded.rows["referrals"] == Referral.objects.count()
    assert Referral.objects.values("need").distinct().count() >= 10
    assert set(Referral.objects.values_list("status", flat=True)) == {
        "proposed", "sent", "accepted", "declined", "completed", "not-completed"
    }  # fmt: skip


def test_dates_follow_the_statuses(seeded):
    assert not Referral.objects.filter(sent_at__lt=F("proposed_at")).exists()
    assert not Referral.objects.filter(closed_at__lt=F("sent_at")).exists()
    sent = Referral.objects.filter(sent_at__isnull=False)
    assert not sent.filter(follow_up_on__isnull=True).exists()


def test_recurrences_are_answered_by_linked_referrals_back_to_treatment(seeded):
    back = Referral.objects.filter(escalation__isnull=False)
    assert back.exists()
    assert set(back.values_list("kind", "need").distinct()) == {("back-to-treatment", "treatment")}
    assert not back.filter(sent_at__lt=F("escalation__raised_at")).exists()


def test_peers_have_referrals_to_follow_up(seeded):
    peer = Referral.objects.to_follow_up(TODAY).first().participant.assigned_peer
    assert referrals_to_follow_up(peer, TODAY)


def test_a_second_pass_adds_nothing(seeded):
    assert seed_referrals(seeded.organizations, seed=41, today=TODAY) == {"referrals": 0}
