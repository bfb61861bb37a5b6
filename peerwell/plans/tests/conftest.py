import pytest

from peerwell.plans.testing import make_plan, make_step


@pytest.fixture
def plan(participant, peer):
    return make_plan(participant, by=peer)


@pytest.fixture
def step(plan, peer):
    from django.utils import timezone

    return make_step(plan, by=peer, due_on=timezone.localdate())
