"""Hours derived from the check-in calls people made and the sessions they facilitated:
one row per day of calls and per session, pending, never counted twice."""

from datetime import datetime, time, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from peerwell import testing
from peerwell.checkins.models import CallAttempt, Enrolment
from peerwell.community import testing as community
from peerwell.community.actions_hours import MINUTES_PER_CALL_WITHOUT_LENGTH, derive_hours
from peerwell.community.models import VolunteerHours
from peerwell.community.tasks import derive_volunteer_hours

pytestmark = pytest.mark.django_db


@pytest.fixture
def volunteer(org):
    return testing.make_user(org, "volunteer")


def attempt(caller, participant, day, at=time(10), **fields):
    enrolment = Enrolment.objects.filter(participant=participant).first()
    enrolment = enrolment or testing.make_enrolment(participant, by=caller)
    # Several attempts of one call, as a day of retries would leave them.
    call = enrolment.calls.filter(due_date=day).first() or testing.make_call(
        enrolment, due_date=day
    )
    fields.setdefault("outcome", "reached")
    fields.setdefault("minutes", 12)
    return CallAttempt.objects.create(
        organization=caller.organization,
        call=call,
        caller=caller,
        called_at=timezone.make_aware(datetime.combine(day, at)),
        **fields,
    )


def test_calls_of_a_day_make_one_pending_row(org, volunteer, participant):
    yesterday = timezone.localdate() - timedelta(days=1)
    other = testing.make_participant(org)
    attempt(volunteer, participant, yesterday, minutes=12)
    attempt(volunteer, other, yesterday, at=time(23, 30), minutes=None, outcome="no_answer")
    assert derive_hours(by=None, since=yesterday - timedelta(days=3)) == 1
    hours = VolunteerHours.objects.get()
    assert hours.person == volunteer and hours.worked_on == yesterday
    assert hours.minutes == 12 + MINUTES_PER_CALL_WITHOUT_LENGTH
    assert (hours.status, hours.source, hours.program) == ("pending", "calls", "trs")
    assert hours.source_key == f"calls:{yesterday.isoformat()}"


def test_deriving_twice_never_counts_twice(org, volunteer, participant):
    yesterday = timezone.localdate() - timedelta(days=1)
    attempt(volunteer, participant, yesterday)
    event = community.make_event(org, facilitator=volunteer)
    community.make_session(event, held_on=yesterday)
    since = yesterday - timedelta(days=7)
    assert derive_hours(by=None, since=since) == 2
    assert derive_hours(by=None, since=since) == 0
    assert VolunteerHours.objects.count() == 2


def test_today_is_left_for_tomorrow(volunteer, participant):
    today = timezone.localdate()
    attempt(volunteer, participant, today)
    assert derive_hours(by=None, since=today - timedelta(days=2)) == 0


def test_a_session_facilitated_counts_the_events_length(org, volunteer):
    held = timezone.localdate() - timedelta(days=2)
    pop_up = community.make_event(
        org, title="Pop-up at the library", kind="pop_up", facilitator=volunteer
    )
    session = community.make_session(pop_up, held_on=held)
    derive_hours(by=None, since=held)
    hours = VolunteerHours.objects.get()
    assert (hours.minutes, hours.program, hours.source) == (90, "pop_up", "event")
    assert (hours.session, hours.source_key) == (session, f"session:{session.pk}")
    assert hours.what == "Pop-up at the library"


def test_supervisors_calls_are_their_job_not_volunteer_time(supervisor, participant):
    yesterday = timezone.localdate() - timedelta(days=1)
    attempt(supervisor, participant, yesterday)
    assert derive_hours(by=None, since=yesterday) == 0


def test_one_person_only(org, volunteer, peer, participant):
    yesterday = timezone.localdate() - timedelta(days=1)
    attempt(volunteer, participant, yesterday)
    attempt(peer, participant, yesterday)
    assert derive_hours(by=None, person=peer, since=yesterday) == 1
    assert VolunteerHours.objects.get().person == peer


def test_approved_derived_hours_are_kept_when_deriving_again(org, volunteer, participant):
    yesterday = timezone.localdate() - timedelta(days=1)
    attempt(volunteer, participant, yesterday)
    derive_hours(by=None, since=yesterday)
    VolunteerHours.objects.update(status="approved", reviewed_at=timezone.now())
    attempt(volunteer, participant, yesterday, at=time(15))
    assert derive_hours(by=None, since=yesterday) == 0
    assert VolunteerHours.objects.get().status == "approved"


def test_the_command_and_the_daily_task(org, volunteer, participant):
    yesterday = timezone.localdate() - timedelta(days=1)
    attempt(volunteer, participant, yesterday)
    out = StringIO()
    call_command("derive_volunteer_hours", "--since", yesterday.isoformat(), stdout=out)
    assert "1 pending volunteer hours rows made" in out.getvalue()
    assert derive_volunteer_hours.call() == 0  # already there
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("derive_volunteer_hours", "--since", "yesterday")
    with pytest.raises(CommandError, match="Nobody has the email"):
        call_command("derive_volunteer_hours", "--person", "nobody@example.org")


def test_the_daily_job_is_scheduled(settings):
    names = {job["task"] for job in settings.PERIODIC_TASKS}
    assert "peerwell.community.tasks.derive_volunteer_hours" in names
    assert "peerwell.community.tasks.send_certification_notices" in names
