from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from peerwell import testing
from peerwell.audit.models import AuditEntry
from peerwell.checkins.calls import NotYourCall, log_call
from peerwell.checkins.models import CallAttempt, CheckInCall, CheckInRules, EnrolmentChange
from peerwell.contacts.models import Contact, FollowUp

pytestmark = pytest.mark.django_db

REACHED = {
    "outcome": "reached",
    "minutes": "15",
    "self_rating": "4",
    "maintaining_recovery": "yes",
    "support": ["emotional", "informational"],
    "resources_shared": "Tuesday All Recovery meeting",
    "summary": "New job going well; likes Tuesday meetings.",
}


def log(client, call, **data):
    return client.post(reverse("checkins_call_log", args=[call.pk]), data)


def test_a_reached_call_is_logged_with_its_contact_in_the_service_log(
    as_user, volunteer, held, participant
):
    response = log(as_user(volunteer), held, **REACHED)
    assert response["Location"] == reverse("checkins_queue")
    held.refresh_from_db()
    assert (held.status, held.attempts, held.self_rating) == ("reached", 1, 4)
    attempt = CallAttempt.objects.get()
    assert (attempt.caller, attempt.minutes, attempt.maintaining_recovery) == (volunteer, 15, "yes")
    assert attempt.summary == REACHED["summary"]
    contact = attempt.contact
    assert (contact.participant, contact.kind, contact.mode, contact.duration_minutes) == (
        participant,
        "check_in",
        "phone",
        15,
    )
    assert contact.emotional and contact.informational and not contact.instrumental
    assert contact.staff == volunteer and contact.contact_date == timezone.localdate()
    assert AuditEntry.objects.filter(
        actor=volunteer, action="create", model="checkins.callattempt", participant=participant
    ).exists()


def test_the_summary_is_stored_encrypted(volunteer, held):
    from django.db import connection

    log_call(
        by=volunteer,
        call=held,
        outcome="reached",
        minutes=5,
        support=["emotional"],
        summary="secret words",
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT summary FROM checkins_callattempt")
        assert "secret words" not in cursor.fetchone()[0]


def test_no_answer_goes_back_to_the_queue_the_same_day_then_the_next(volunteer, held):
    today = timezone.localdate()
    log_call(by=volunteer, call=held, outcome="no_answer")
    held.refresh_from_db()
    assert (held.status, held.try_on, held.claimed_by, held.attempts) == ("retry", today, None, 1)
    for expected in (today + timedelta(days=1),):
        CheckInCall.objects.filter(pk=held.pk).update(status="claimed", claimed_by=volunteer)
        log_call(by=volunteer, call=held, outcome="voicemail")
        held.refresh_from_db()
        assert (held.status, held.try_on) == ("retry", expected)
    CheckInCall.objects.filter(pk=held.pk).update(status="claimed", claimed_by=volunteer)
    log_call(by=volunteer, call=held, outcome="no_answer")
    held.refresh_from_db()
    assert (held.status, held.attempts) == ("not_reached", 3)
    assert held.closed_at is not None
    assert not Contact.objects.exists()


def test_the_organizations_own_retry_rule_applies(volunteer, held, org):
    CheckInRules.objects.create(organization=org, max_attempts=1, retry_days=1)
    log_call(by=volunteer, call=held, outcome="no_answer")
    held.refresh_from_db()
    assert held.status == "not_reached"


def test_a_retry_past_its_days_is_not_reached(volunteer, held):
    CheckInCall.objects.filter(pk=held.pk).update(due_date=timezone.localdate() - timedelta(days=5))
    held.refresh_from_db()
    log_call(by=volunteer, call=held, outcome="no_answer")
    held.refresh_from_db()
    assert held.status == "not_reached"


def test_a_wrong_number_closes_the_call_and_asks_the_peer_to_fix_it(volunteer, held, peer):
    log_call(by=volunteer, call=held, outcome="wrong_number")
    held.refresh_from_db()
    assert held.status == "not_reached"
    task = FollowUp.objects.get()
    assert task.assigned_to == peer and "phone number" in task.reason


def test_asked_to_stop_ends_the_enrolment_with_a_history_row(volunteer, held, enrolment):
    later = testing.make_call(enrolment, due_date=timezone.localdate() + timedelta(days=7))
    log_call(by=volunteer, call=held, outcome="asked_to_stop")
    held.refresh_from_db()
    enrolment.refresh_from_db()
    later.refresh_from_db()
    assert (held.status, enrolment.status, later.status) == ("stopped", "ended", "stopped")
    change = EnrolmentChange.objects.get()
    assert (change.action, change.by) == ("ended", volunteer)


def test_declined_this_week_closes_only_this_call(volunteer, held, enrolment):
    log_call(by=volunteer, call=held, outcome="declined")
    held.refresh_from_db()
    enrolment.refresh_from_db()
    assert (held.status, enrolment.status) == ("declined", "active")


def test_a_reached_call_needs_minutes_and_support_and_keeps_what_was_typed(
    as_user, volunteer, held
):
    response = log(as_user(volunteer), held, **{**REACHED, "minutes": "", "support": []})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Enter how many minutes" in body and "Choose at least one kind" in body
    assert "likes Tuesday meetings" in body
    assert not CallAttempt.objects.exists()


def test_an_outcome_for_a_call_nobody_holds_records_nothing(as_user, volunteer, call):
    response = log(as_user(volunteer), call, **REACHED)
    assert response.status_code == 403
    assert "You do not hold this call" in response.content.decode()
    assert not CallAttempt.objects.exists() and not Contact.objects.exists()


def test_an_outcome_for_someone_elses_call_is_a_404(as_user, held, org):
    response = log(as_user(testing.make_user(org, "volunteer")), held, **REACHED)
    assert response.status_code == 404
    assert not CallAttempt.objects.exists()


def test_the_action_refuses_a_call_the_user_does_not_hold(held, org):
    with pytest.raises(NotYourCall):
        log_call(by=testing.make_user(org, "peer"), call=held, outcome="no_answer")
    assert not CallAttempt.objects.exists()


def test_a_family_members_reached_call_goes_under_the_linked_participant(
    volunteer, participant, peer
):
    member = testing.make_family_member(participant)
    call = testing.make_call(
        testing.make_enrolment(family_member=member, by=peer),
        status="claimed",
        claimed_by=volunteer,
    )
    log_call(by=volunteer, call=call, outcome="reached", minutes=9, support=["emotional"])
    contact = Contact.objects.get()
    assert (contact.participant, contact.family_member) == (participant, member)


def test_the_service_log_audit_row_keeps_the_callers_address(as_user, volunteer, held):
    log(as_user(volunteer), held, **REACHED)
    entry = AuditEntry.objects.get(action="create", model="contacts.contact")
    assert (entry.actor, entry.ip_address) == (volunteer, "127.0.0.1")
    assert entry.path == reverse("checkins_call_log", args=[held.pk])


def test_work_done_without_a_request_records_no_address(volunteer, held):
    log_call(by=volunteer, call=held, outcome="reached", minutes=5, support=["emotional"])
    entry = AuditEntry.objects.get(action="create", model="contacts.contact")
    assert (entry.actor, entry.ip_address, entry.path) == (volunteer, None, "")
