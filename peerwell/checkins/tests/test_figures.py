"""The TRS figures: reach, calls, hours and escalations per week and per caller, counted
in SQL, and the page that shows them to supervisors."""

from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from peerwell import testing
from peerwell.checkins.figures import figures_for, week_starts
from peerwell.checkins.models import CallAttempt

pytestmark = pytest.mark.django_db

PAGE = reverse("checkins_figures")


@pytest.fixture
def enrolment(participant, peer):
    return testing.make_enrolment(participant, by=peer)


def at(day, hour=11):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def attempt(call, caller, outcome, *, day, minutes=None, **fields):
    return CallAttempt.objects.create(
        organization=call.organization,
        call=call,
        caller=caller,
        outcome=outcome,
        minutes=minutes,
        called_at=at(day),
        **fields,
    )


def this_monday():
    today = timezone.localdate()
    return today - timedelta(days=today.weekday())


def test_twelve_weeks_oldest_first_ending_with_this_one():
    starts = week_starts(timezone.localdate())
    assert len(starts) == 12
    assert starts[-1] == this_monday()
    assert all(b - a == timedelta(weeks=1) for a, b in zip(starts, starts[1:], strict=False))


def test_a_week_counts_attempts_reach_rate_attempts_per_reach_and_hours(
    supervisor, peer, enrolment
):
    monday = this_monday()
    first = testing.make_call(enrolment, due_date=monday)
    second = testing.make_call(enrolment, due_date=monday + timedelta(days=1))
    attempt(first, peer, "no_answer", day=monday)
    attempt(first, peer, "reached", day=monday, minutes=30, maintaining_recovery="yes")
    attempt(second, peer, "no_answer", day=monday + timedelta(days=1))
    week = figures_for(supervisor)["weeks"][-1]
    assert week["week"] == monday
    assert week["attempts"] == 3
    assert week["people_reached"] == 1
    assert week["reach_rate"] == 50
    assert week["attempts_per_reach"] == 3
    assert week["hours"] == 0.5
    assert week["maintaining"] == 100


def test_the_share_maintaining_recovery_counts_only_those_who_answered(supervisor, peer, enrolment):
    monday = this_monday()
    for n, answer in enumerate(["yes", "no", "not_asked"]):
        call = testing.make_call(enrolment, due_date=monday + timedelta(days=n))
        attempt(call, peer, "reached", day=monday, minutes=10, maintaining_recovery=answer)
    assert figures_for(supervisor)["total"]["maintaining"] == 50


def test_escalations_per_week_with_median_and_average_time_to_follow_up(
    supervisor, peer, participant
):
    raised = at(this_monday(), 9)
    for hours in (1, 2, 6):
        testing.make_escalation(
            participant,
            owner=peer,
            raised_by=peer,
            raised_at=raised,
            closed_at=raised + timedelta(hours=hours),
        )
    testing.make_escalation(participant, owner=peer, raised_by=peer, raised_at=raised)
    figures = figures_for(supervisor)
    week = figures["weeks"][-1]
    assert (week["raised"], week["followed_up"]) == (4, 3)
    assert week["median_hours"] == pytest.approx(2)
    assert week["average_hours"] == pytest.approx(3)
    assert figures["total"]["median_hours"] == pytest.approx(2)


def test_the_median_of_an_even_number_is_the_mean_of_the_middle_two(supervisor, peer, participant):
    raised = at(this_monday(), 9)
    for hours in (1, 2, 4, 10):
        testing.make_escalation(
            participant, owner=peer, raised_at=raised, closed_at=raised + timedelta(hours=hours)
        )
    assert figures_for(supervisor)["weeks"][-1]["median_hours"] == pytest.approx(3)


def test_figures_per_caller(supervisor, peer, org, enrolment, participant):
    volunteer = testing.make_user(org, "volunteer", full_name="Avery Volunteer")
    monday = this_monday()
    call = testing.make_call(enrolment, due_date=monday)
    attempt(call, volunteer, "no_answer", day=monday)
    attempt(call, volunteer, "reached", day=monday, minutes=45)
    testing.make_escalation(
        participant,
        owner=peer,
        raised_by=volunteer,
        raised_at=at(monday),
        closed_at=at(monday) + timedelta(hours=4),
    )
    [row] = figures_for(supervisor)["callers"]
    assert row["name"] == "Avery Volunteer"
    assert (row["attempts"], row["people_reached"], row["hours"]) == (2, 1, 0.75)
    assert (row["raised"], row["median_hours"]) == (1, pytest.approx(4))


def test_weeks_before_the_twelve_are_left_out(supervisor, peer, enrolment):
    old = this_monday() - timedelta(weeks=13)
    attempt(testing.make_call(enrolment, due_date=old), peer, "reached", day=old, minutes=5)
    assert figures_for(supervisor)["total"]["attempts"] == 0


def test_another_organization_s_calls_are_not_counted(supervisor, other_org):
    peer = testing.make_user(other_org, "peer")
    enrolment = testing.make_enrolment(testing.make_participant(other_org), by=peer)
    monday = this_monday()
    attempt(testing.make_call(enrolment, due_date=monday), peer, "reached", day=monday, minutes=5)
    assert figures_for(supervisor)["total"]["attempts"] == 0


def test_the_page_shows_the_tables_to_supervisors(as_user, supervisor, peer, enrolment):
    monday = this_monday()
    attempt(testing.make_call(enrolment, due_date=monday), peer, "reached", day=monday, minutes=90)
    response = as_user(supervisor).get(PAGE)
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("<caption") == 2
    assert "Per week" in body and "Per caller" in body
    assert peer.full_name in body
    assert "100%" in body


def test_peers_and_volunteers_cannot_see_the_figures(as_user, org, peer):
    assert as_user(peer).get(PAGE).status_code == 403
    assert as_user(testing.make_user(org, "volunteer")).get(PAGE).status_code == 403
