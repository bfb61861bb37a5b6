"""Merging two records that both have a wellness plan: the kept record's plan stays
current; the duplicate's moves beside it as a past plan (one current plan each)."""

import pytest
from django.urls import reverse

from peerwell import testing
from peerwell.plans.models import WellnessPlan
from peerwell.plans.testing import make_plan

pytestmark = pytest.mark.django_db


def merge(client, keep, duplicate):
    return client.post(
        reverse("participant_merge", args=[keep.pk]), {"number": duplicate.pk, "confirm": "1"}
    )


def test_the_kept_records_plan_stays_current(as_user, org, supervisor, peer, participant):
    duplicate = testing.make_participant(org, assigned_peer=peer)
    kept = make_plan(participant, by=peer, strengths="Kept")
    theirs = make_plan(duplicate, by=peer, strengths="Theirs")
    assert merge(as_user(supervisor), participant, duplicate).status_code == 302
    kept.refresh_from_db()
    theirs.refresh_from_db()
    assert (kept.is_current, theirs.is_current) == (True, False)
    assert theirs.participant_id == participant.pk
    current = WellnessPlan.objects.get(participant=participant, is_current=True)
    assert current.strengths == "Kept"


def test_the_duplicates_plan_becomes_the_kept_records_when_it_has_none(
    as_user, org, supervisor, peer, participant
):
    duplicate = testing.make_participant(org, assigned_peer=peer)
    theirs = make_plan(duplicate, by=peer)
    merge(as_user(supervisor), participant, duplicate)
    theirs.refresh_from_db()
    assert theirs.participant_id == participant.pk and theirs.is_current
