"""Seeded wellness plans: valid rows (the database's checks pass), one current plan per
participant, and running it twice adds none for those who have one."""

import pytest

from peerwell import testing
from peerwell.plans.models import Step, WellnessPlan
from peerwell.plans.seeding import seed_plans

pytestmark = pytest.mark.django_db


def test_seeding_gives_plans_to_a_share_of_the_caseloads(org, peer):
    for _n in range(30):
        testing.make_participant(org, assigned_peer=peer)
    written = seed_plans([org], seed=3, share=0.5)
    assert 5 <= written["plans"] <= 25
    assert WellnessPlan.objects.count() == written["plans"]
    assert Step.objects.count() == written["steps"]
    # Every step is due on or after its plan began (the database checks it too).
    assert all(s.due_on is None or s.due_on >= s.plan_started_on for s in Step.objects.all())


def test_seeding_twice_gives_no_one_a_second_current_plan(org, peer):
    for _n in range(10):
        testing.make_participant(org, assigned_peer=peer)
    seed_plans([org], seed=1, share=1.0)
    assert seed_plans([org], seed=2, share=1.0)["plans"] == 0
