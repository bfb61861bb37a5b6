"""The worker's clock starts each periodic job once per slot, and `peerwell worker` runs
what the database queue holds."""

import os
import sys
import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django_tasks import task

from peerwell.core.management.commands.demo import serve_with_worker
from peerwell.core.models import PeriodicRun
from peerwell.core.worker import tick
from peerwell.messaging.actions import queue_text
from peerwell.messaging.models import MessageStatus

NEW_YORK = ZoneInfo("America/New_York")
RUNS = []


@task()
def count_a_run():
    RUNS.append(1)


@pytest.fixture
def jobs(settings):
    RUNS.clear()
    settings.TIME_ZONE = "America/New_York"
    settings.PERIODIC_TASKS = [
        {"name": "daily", "task": f"{__name__}.count_a_run", "at": "06:00"},
    ]
    return settings


def at(hour, minute=0, day=30):
    return datetime(2026, 11, day, hour, minute, tzinfo=NEW_YORK)


def test_a_daily_job_runs_once_a_day_however_often_the_clock_ticks(db, jobs):
    assert tick(at(6, 0)) == ["daily"]
    assert tick(at(6, 1)) == []
    assert tick(at(18, 0)) == []
    assert len(RUNS) == 1
    assert PeriodicRun.objects.get().slot == "2026-11-30"


def test_a_daily_job_waits_for_its_time_and_runs_again_the_next_day(db, jobs):
    assert tick(at(5, 59)) == []
    assert tick(at(6, 0)) == ["daily"]
    assert tick(at(23, 59)) == []
    assert tick(datetime(2026, 12, 1, 7, 0, tzinfo=NEW_YORK)) == ["daily"]
    assert len(RUNS) == 2


def test_a_worker_started_after_the_time_runs_the_days_job(db, jobs):
    assert tick(at(14, 30)) == ["daily"]


def test_a_second_clock_finds_the_slot_taken(db, jobs):
    tick(at(6, 0))
    # Another worker, or this one restarted: the slot's row is there.
    assert tick(at(6, 0, day=30)) == []
    assert len(RUNS) == 1


def test_an_every_minutes_job_runs_once_per_slot(db, jobs):
    jobs.PERIODIC_TASKS = [{"name": "sweep", "task": f"{__name__}.count_a_run", "every_minutes": 5}]
    assert tick(at(9, 0)) == ["sweep"]
    assert tick(at(9, 4)) == []
    assert tick(at(9, 5)) == ["sweep"]
    assert len(RUNS) == 2


def test_old_slots_are_forgotten(db, jobs):
    tick(at(6, 0, day=1))
    tick(at(6, 0, day=20))
    assert list(PeriodicRun.objects.values_list("slot", flat=True)) == ["2026-11-20"]


@pytest.mark.parametrize(
    "entry",
    [
        {"name": "x", "task": "a.b"},
        {"name": "x", "task": "a.b", "at": "06:00", "every_minutes": 5},
        {"name": "x", "task": "a.b", "at": "six"},
        {"name": "x", "task": "a.b", "every_minutes": 0},
        {"task": "a.b", "every_minutes": 1},
    ],
)
def test_a_mistake_in_the_setting_stops_the_clock(db, jobs, entry):
    jobs.PERIODIC_TASKS = [entry]
    with pytest.raises(ImproperlyConfigured):
        tick(at(6, 0))


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_the_database_queue_and_the_outbox_sweep(org, settings, capsys):
    """The real path: the database backend, the clock's sweep, the worker's batch run."""
    from peerwell.messaging import backends

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.SMS_BACKEND = "memory"
    # The outbox sweep alone: the daily jobs would run or not by the hour of the test.
    settings.PERIODIC_TASKS = [
        {
            "name": "outbox_sweep",
            "task": "peerwell.messaging.tasks.sweep_outbox",
            "every_minutes": 1,
        }
    ]
    backends.outbox.clear()
    message = queue_text(
        organization_id=org.pk,
        to="+12155550123",
        body="See you tomorrow",
        purpose="reminder",
        dedupe_key="reminder:1",
    )
    message.refresh_from_db()
    assert message.status == MessageStatus.QUEUED  # in the queue table, not sent yet
    call_command("worker", "--batch")
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert backends.outbox == [("+12155550123", "See you tomorrow")]
    assert PeriodicRun.objects.filter(job="outbox_sweep").count() == 1
    # Run again, the same minute: the sweep's slot is taken, nothing is sent twice.
    call_command("worker", "--batch")
    assert len(backends.outbox) == 1
    backends.outbox.clear()


def test_the_worker_refuses_a_backend_that_is_not_the_database(db, settings):
    from django.core.management.base import CommandError

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with pytest.raises(CommandError, match="--clock-only"):
        call_command("worker", "--batch")


def test_the_demo_stops_its_worker_with_the_server(tmp_path):
    pid_file = tmp_path / "worker.pid"
    # The server stops once the worker is up (it has written its process id).
    server = [
        sys.executable,
        "-c",
        "import os, sys, time\n"
        "while not (os.path.exists(sys.argv[1]) and os.path.getsize(sys.argv[1])):\n"
        "    time.sleep(0.05)",
        str(pid_file),
    ]
    worker = [
        sys.executable,
        "-c",
        "import os, sys, time; open(sys.argv[1], 'w').write(str(os.getpid())); time.sleep(60)",
        str(pid_file),
    ]
    started = time.monotonic()
    assert serve_with_worker(server, worker) == 0
    assert time.monotonic() - started < 30  # stopped, not waited for
    with pytest.raises(ProcessLookupError):
        os.kill(int(pid_file.read_text()), 0)
