import pytest

from peerwell import testing


@pytest.fixture
def volunteer(org):
    return testing.make_user(org, "volunteer")


@pytest.fixture
def enrolment(participant, peer):
    return testing.make_enrolment(participant, by=peer, safety_notes="Only call the cell.")


@pytest.fixture
def call(enrolment):
    """A call waiting in today's queue."""
    return testing.make_call(enrolment)


@pytest.fixture
def held(call, volunteer):
    """The call, taken by the volunteer."""
    from django.utils import timezone

    call.status, call.claimed_by, call.claimed_at = "claimed", volunteer, timezone.now()
    call.save()
    return call
