import threading
import time
from datetime import timedelta

import pytest
from django.db import OperationalError, connections
from django.urls import reverse
from django.utils import timezone

from peerwell import testing
from peerwell.audit.models import AuditEntry
from peerwell.checkins.calls import claim_call
from peerwell.checkins.models import CheckInCall

pytestmark = pytest.mark.django_db


def claim(client, call):
    return client.post(reverse("checkins_call_claim", args=[call.pk]))


def test_taking_a_call_holds_it_and_opens_its_page(as_user, volunteer, call, participant):
    response = claim(as_user(volunteer), call)
    assert response["Location"] == reverse("checkins_call", args=[call.pk])
    call.refresh_from_db()
    assert (call.status, call.claimed_by) == ("claimed", volunteer)
    assert AuditEntry.objects.filter(
        actor=volunteer, action="view", participant=participant, model="checkins.checkincall"
    ).exists()


def test_a_call_someone_else_took_sends_the_caller_back_to_the_queue(as_user, volunteer, held, org):
    other = testing.make_user(org, "volunteer")
    response = claim(as_user(other), held)
    assert response["Location"] == reverse("checkins_queue")
    page = as_user(other).get(response["Location"]).content.decode()
    assert "Someone else just took this call" in page
    held.refresh_from_db()
    assert held.claimed_by == volunteer


def test_pressing_take_twice_keeps_the_call(as_user, volunteer, held):
    response = claim(as_user(volunteer), held)
    assert response["Location"] == reverse("checkins_call", args=[held.pk])


def test_giving_a_call_back_puts_it_in_the_queue_again(as_user, volunteer, held):
    response = as_user(volunteer).post(reverse("checkins_call_release", args=[held.pk]))
    assert response["Location"] == reverse("checkins_queue")
    held.refresh_from_db()
    assert (held.status, held.claimed_by) == ("queued", None)


def test_a_call_tried_before_goes_back_as_a_retry(as_user, volunteer, held):
    CheckInCall.objects.filter(pk=held.pk).update(attempts=1)
    as_user(volunteer).post(reverse("checkins_call_release", args=[held.pk]))
    held.refresh_from_db()
    assert held.status == "retry"


def test_nobody_else_can_give_back_a_call_someone_holds(as_user, held, org):
    other = testing.make_user(org, "peer")
    response = as_user(other).post(reverse("checkins_call_release", args=[held.pk]))
    assert response.status_code == 404
    held.refresh_from_db()
    assert held.claimed_by_id is not None
    assert AuditEntry.objects.filter(actor=other, action="refused").exists()


def test_a_claim_forgotten_for_two_hours_returns_to_the_queue(as_user, volunteer, held, org):
    CheckInCall.objects.filter(pk=held.pk).update(claimed_at=timezone.now() - timedelta(hours=3))
    other = testing.make_user(org, "volunteer")
    as_user(other).get(reverse("checkins_queue"))
    held.refresh_from_db()
    assert (held.status, held.claimed_by) == ("queued", None)
    assert claim(as_user(other), held).status_code == 302
    held.refresh_from_db()
    assert held.claimed_by == other


def test_the_periodic_sweep_returns_forgotten_claims(held):
    from peerwell.checkins.tasks import return_forgotten_claims

    CheckInCall.objects.filter(pk=held.pk).update(claimed_at=timezone.now() - timedelta(hours=3))
    assert return_forgotten_claims.call() == 1
    held.refresh_from_db()
    assert held.status == "queued"


def test_tomorrows_call_and_a_text_check_in_cannot_be_taken(volunteer, enrolment):
    later = testing.make_call(enrolment, due_date=timezone.localdate() + timedelta(days=1))
    enrolment.channel = "text"
    text = testing.make_call(enrolment, due_date=timezone.localdate() - timedelta(days=7))
    assert not claim_call(by=volunteer, call_id=later.pk)
    assert not claim_call(by=volunteer, call_id=text.pk)


def test_another_organizations_call_cannot_be_taken(as_user, call, other_org):
    outsider = testing.make_user(other_org, "volunteer")
    assert claim(as_user(outsider), call).status_code == 404
    call.refresh_from_db()
    assert call.status == "queued"


@pytest.mark.django_db(transaction=True)
def test_twenty_callers_at_once_give_the_call_to_exactly_one(org):
    """Each caller on their own connection, all released at the same moment."""
    peer = testing.make_user(org, "peer")
    call = testing.make_call(testing.make_enrolment(testing.make_participant(org), by=peer))
    callers = [testing.make_user(org, "volunteer") for _ in range(20)]
    barrier = threading.Barrier(len(callers))
    won, errors = [], []

    def take(caller):
        try:
            barrier.wait()
            for _attempt in range(500):
                try:
                    if claim_call(by=caller, call_id=call.pk):
                        won.append(caller)
                    return
                except OperationalError as error:
                    # The suite's in-memory SQLite answers "locked" at once where a file
                    # database waits (busy timeout): wait as that would, then try again.
                    if "locked" not in str(error):
                        raise
                    time.sleep(0.01)
            errors.append("never got the lock")
        except Exception as error:  # reported below, not lost in the thread
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take, args=(caller,)) for caller in callers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(won) == 1
    call.refresh_from_db()
    assert (call.status, call.claimed_by) == ("claimed", won[0])
