"""The worker keeps "open now" right: a daily job rolls the open periods on."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import call_command

from peerwell.core.worker import periodic_jobs
from peerwell.navigation.models import OpenPeriod
from peerwell.navigation.opening import open_now
from peerwell.navigation.tasks import refresh_directory_hours
from peerwell.navigation.testing import make_directory_service

pytestmark = pytest.mark.django_db
NEW_YORK = ZoneInfo("America/New_York")


def test_the_daily_job_runs_early_in_the_morning():
    (job,) = [j for j in periodic_jobs() if j.name == "directory_hours"]
    assert job.task == "peerwell.navigation.tasks.refresh_directory_hours"
    assert job.at.hour < 6
    assert "directory_hours" in {e["name"] for e in settings.PERIODIC_TASKS}


def test_the_job_keeps_open_now_right_as_the_days_pass(time_machine):
    time_machine.move_to(datetime(2026, 12, 1, 4, 30, tzinfo=NEW_YORK), tick=False)
    service = make_directory_service(byday="MO,TU,WE,TH,FR,SA,SU")
    assert refresh_directory_hours.call() == 14
    # Three weeks on, the periods made then have run out; the night's run adds new ones.
    later = datetime(2026, 12, 22, 10, tzinfo=NEW_YORK)
    time_machine.move_to(later, tick=False)
    assert not open_now(type(service).objects.all()).exists()
    refresh_directory_hours.call()
    assert list(open_now(type(service).objects.all())) == [service]
    assert OpenPeriod.objects.filter(starts_at__lt=later - timedelta(days=1)).count() == 0


def test_the_command_does_the_same_by_hand(capsys):
    make_directory_service()
    call_command("refresh_open_periods")
    assert "open periods" in capsys.readouterr().out
    assert OpenPeriod.objects.exists()


@pytest.mark.parametrize(
    "rule",
    [
        {"freq": "WEEKLY", "byday": "MO,WE,FR"},
        {"freq": "WEEKLY", "byday": ""},  # the anchor's weekday: Mondays
        {"freq": "MONTHLY", "byday": "2TU"},
        {"freq": "MONTHLY", "bymonthday": "1,15,31"},
        {"freq": "WEEKLY", "byday": "TU", "interval": 2},
    ],
)
def test_the_nightly_refresh_gives_the_hours_a_rule_from_2000_would(rule):
    """The refresh starts a rule without a start of its own near today (fast), and must
    find the same days as the rule started on Monday 3 January 2000."""
    from datetime import date, time

    from peerwell.navigation.models import Schedule
    from peerwell.navigation.opening import periods

    hours = {"opens_at": time(9), "closes_at": time(17)}
    quick = Schedule(**rule, **hours)
    from_2000 = Schedule(**rule, **hours, dtstart=date(2000, 1, 3))
    for day in range(0, 400, 3):
        start = date(2026, 1, 1) + timedelta(days=day)
        assert periods(quick, start) == periods(from_2000, start), (rule, start)
