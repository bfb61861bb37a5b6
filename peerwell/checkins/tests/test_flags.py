from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from peerwell import testing
from peerwell.checkins.calls import log_call
from peerwell.checkins.escalations import raise_escalation
from peerwell.checkins.models import CheckInCall, CheckInRules, Escalation
from peerwell.contacts.models import FollowUp

pytestmark = pytest.mark.django_db

REACHED = {"outcome": "reached", "minutes": "10", "support": ["emotional"]}


def log(client, call, **data):
    return client.post(reverse("checkins_call_log", args=[call.pk]), {**REACHED, **data})


def close_to(moment, expected):
    return abs((moment - expected).total_seconds()) < 60


def test_recurrence_puts_an_urgent_task_on_the_assigned_peers_list(
    as_user, volunteer, held, peer, participant
):
    log(as_user(volunteer), held, flags=["recurrence"], flag_note="Drank on Saturday.")
    escalation = Escalation.objects.get()
    assert (escalation.kind, escalation.owner, escalation.call, escalation.raised_by) == (
        "recurrence",
        peer,
        held,
        volunteer,
    )
    assert escalation.notes == "Drank on Saturday."
    assert close_to(escalation.respond_by, timezone.now() + timedelta(hours=24))
    task = escalation.follow_up
    assert (task.assigned_to, task.participant, task.due_date) == (
        peer,
        participant,
        timezone.localdate(),
    )
    assert "offer a referral back to treatment" in task.reason


def test_a_flag_needs_a_note_of_what_they_said(as_user, volunteer, held):
    response = log(as_user(volunteer), held, flags=["resource"], flag_note="")
    assert response.status_code == 200 and "Say in a few words" in response.content.decode()
    assert not Escalation.objects.exists()


def test_with_nobody_assigned_a_supervisor_owns_the_escalation(volunteer, org, peer):
    supervisor = testing.make_user(org, "supervisor")
    unassigned = testing.make_participant(org)
    escalation = raise_escalation(by=volunteer, kind="recurrence", participant=unassigned)
    assert escalation.owner == supervisor and escalation.follow_up.assigned_to == supervisor


def test_a_resource_need_is_due_within_three_days(volunteer, held, peer):
    escalation = raise_escalation(by=volunteer, kind="resource", call=held, notes="Food")
    assert escalation.owner == peer
    assert close_to(escalation.respond_by, timezone.now() + timedelta(days=3))


def test_the_organizations_rules_set_the_deadlines(volunteer, held, org):
    CheckInRules.objects.create(organization=org, recurrence_hours=4, crisis_minutes=15)
    recurrence = raise_escalation(by=volunteer, kind="recurrence", call=held)
    crisis = raise_escalation(by=volunteer, kind="crisis", call=held)
    assert close_to(recurrence.respond_by, timezone.now() + timedelta(hours=4))
    assert close_to(crisis.respond_by, timezone.now() + timedelta(minutes=15))


def test_three_calls_in_a_row_not_reached_make_one_outreach_task(volunteer, enrolment, peer):
    today = timezone.localdate()
    for weeks in (3, 2, 1):
        testing.make_call(enrolment, due_date=today - timedelta(weeks=weeks), status="not_reached")
    CheckInRules.objects.create(organization=enrolment.organization, max_attempts=1)
    call = testing.make_call(enrolment, status="claimed", claimed_by=volunteer)
    log_call(by=volunteer, call=call, outcome="no_answer")
    escalation = Escalation.objects.get()
    assert (escalation.kind, escalation.owner, escalation.raised_by) == ("unreached", peer, None)
    assert FollowUp.objects.get().assigned_to == peer
    # A fourth in a row adds no second escalation while the first is open.
    call = testing.make_call(
        enrolment, due_date=today + timedelta(days=1), status="claimed", claimed_by=volunteer
    )
    log_call(by=volunteer, call=call, outcome="no_answer")
    assert Escalation.objects.count() == 1


def test_a_reached_call_between_breaks_the_run(volunteer, enrolment):
    today = timezone.localdate()
    for weeks, status in ((3, "not_reached"), (2, "reached"), (1, "not_reached")):
        testing.make_call(enrolment, due_date=today - timedelta(weeks=weeks), status=status)
    CheckInRules.objects.create(organization=enrolment.organization, max_attempts=1)
    call = testing.make_call(enrolment, status="claimed", claimed_by=volunteer)
    log_call(by=volunteer, call=call, outcome="no_answer")
    assert not Escalation.objects.exists()


def rated(enrolment, *ratings):
    today = timezone.localdate()
    for weeks, rating in enumerate(ratings, start=1):
        testing.make_call(
            enrolment, due_date=today - timedelta(weeks=weeks), status="reached", self_rating=rating
        )


def test_a_rating_well_below_their_average_flags_the_call_for_the_peer(
    as_user, volunteer, held, enrolment, peer
):
    rated(enrolment, 4, 4, 5, 3, 1)  # the last four average 4; the fifth is too old
    log(as_user(volunteer), held, self_rating="2")
    held.refresh_from_db()
    assert held.flagged_low
    escalation = Escalation.objects.get()
    assert (escalation.kind, escalation.owner) == ("low_rating", peer)


def test_a_small_dip_is_not_flagged(volunteer, held, enrolment):
    rated(enrolment, 4, 4, 4, 4)
    log_call(
        by=volunteer, call=held, outcome="reached", minutes=5, support=["emotional"], self_rating=3
    )
    held.refresh_from_db()
    assert not held.flagged_low and not Escalation.objects.exists()


def test_a_first_rating_is_never_flagged(volunteer, held):
    log_call(
        by=volunteer, call=held, outcome="reached", minutes=5, support=["emotional"], self_rating=1
    )
    assert not CheckInCall.objects.filter(flagged_low=True).exists()


def test_a_family_members_escalation_goes_to_their_participants_peer(volunteer, participant, peer):
    member = testing.make_family_member(participant)
    call = testing.make_call(testing.make_enrolment(family_member=member, by=peer))
    escalation = raise_escalation(by=volunteer, kind="resource", call=call, notes="Rent")
    assert (escalation.family_member, escalation.participant, escalation.owner) == (
        member,
        None,
        peer,
    )
    assert escalation.follow_up.participant == participant
