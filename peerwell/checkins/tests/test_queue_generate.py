from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command

from peerwell import testing
from peerwell.checkins.models import CheckInCall
from peerwell.checkins.queue import generate_calls, week_parity

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 11, 30)


def enrol(org, peer, **fields):
    return testing.make_enrolment(testing.make_participant(org), by=peer, **fields)


def test_a_weekly_enrolment_gets_its_call_on_its_day_only(org, peer):
    enrolment = enrol(org, peer, language="es")
    assert generate_calls(day=MONDAY) == 1
    assert generate_calls(day=MONDAY + timedelta(days=1)) == 0
    call = CheckInCall.objects.get()
    assert (call.enrolment, call.participant, call.due_date, call.try_on) == (
        enrolment,
        enrolment.participant,
        MONDAY,
        MONDAY,
    )
    assert (call.status, call.channel, call.language, call.attempts) == ("queued", "call", "es", 0)


def test_running_twice_makes_the_same_calls(org, peer):
    for _ in range(3):
        enrol(org, peer)
    assert generate_calls(day=MONDAY) == 3
    assert generate_calls(day=MONDAY) == 0
    assert CheckInCall.objects.count() == 3


def test_a_run_after_a_crash_half_way_completes_without_duplicates(org, peer):
    done, *rest = [enrol(org, peer) for _ in range(4)]
    testing.make_call(done, due_date=MONDAY)  # what the crashed run had made
    assert generate_calls(day=MONDAY) == 3
    assert sorted(CheckInCall.objects.values_list("enrolment_id", flat=True)) == sorted(
        e.pk for e in [done, *rest]
    )


def test_twice_a_week_calls_on_both_days(org, peer):
    enrol(org, peer, cadence="twice_weekly", monday=True, thursday=True)
    made = [generate_calls(day=MONDAY + timedelta(days=n)) for n in range(7)]
    assert made == [1, 0, 0, 1, 0, 0, 0]


def test_every_two_weeks_calls_in_weeks_of_its_parity(org, peer):
    parity = week_parity(MONDAY)
    enrol(org, peer, cadence="fortnightly", week_parity=parity)
    enrol(org, peer, cadence="fortnightly", week_parity=1 - parity)
    assert generate_calls(day=MONDAY) == 1
    assert generate_calls(day=MONDAY + timedelta(days=7)) == 1
    assert CheckInCall.objects.filter(due_date=MONDAY).get().enrolment.week_parity == parity


def test_ended_paused_and_not_yet_started_enrolments_make_no_call(org, peer):
    enrol(org, peer, status="ended")
    enrol(org, peer, status="paused", paused_until=MONDAY - timedelta(days=1))
    enrol(org, peer, starts_on=MONDAY + timedelta(days=7))
    enrol(org, peer, ends_on=MONDAY - timedelta(days=1))
    assert generate_calls(day=MONDAY) == 0
    assert not CheckInCall.objects.exists()


def test_the_last_day_of_an_enrolment_still_has_its_call(org, peer):
    enrol(org, peer, starts_on=MONDAY, ends_on=MONDAY)
    assert generate_calls(day=MONDAY) == 1


def test_a_text_check_in_gets_its_row_too(org, peer):
    enrol(org, peer, channel="text")
    generate_calls(day=MONDAY)
    assert CheckInCall.objects.get().channel == "text"


def test_a_family_members_enrolment_gets_calls(org, peer, participant):
    member = testing.make_family_member(participant)
    testing.make_enrolment(family_member=member, by=peer)
    generate_calls(day=MONDAY)
    call = CheckInCall.objects.get()
    assert (call.family_member, call.participant) == (member, None)


def test_one_organization_only(org, other_org, peer):
    enrol(org, peer)
    enrol(other_org, testing.make_user(other_org, "peer"))
    assert generate_calls(day=MONDAY, organization_id=org.pk) == 1
    assert CheckInCall.objects.get().organization == org


def test_the_command_makes_the_days_calls(org, peer, capsys):
    enrol(org, peer)
    call_command("generate_calls", "--date", MONDAY.isoformat())
    call_command("generate_calls", "--date", MONDAY.isoformat())
    out = capsys.readouterr().out
    assert "1 check-ins made for 2026-11-30" in out and "0 check-ins made" in out
    assert CheckInCall.objects.count() == 1


def test_the_command_refuses_a_date_it_cannot_read(org):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("generate_calls", "--date", "30/11/2026")


def test_the_periodic_task_makes_todays_calls(org, peer):
    from django.utils import timezone

    from peerwell.checkins.tasks import generate_todays_calls

    today = timezone.localdate()
    testing.make_enrolment(
        testing.make_participant(org),
        by=peer,
        monday=False,
        **{
            ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"][
                today.weekday()
            ]: True
        },
    )
    assert generate_todays_calls.call() == 1
    assert CheckInCall.objects.get().due_date == today
