"""The worker: django-tasks-db's loop, and a clock that enqueues the periodic jobs.

django-tasks has no periodic jobs, so the clock is ours: each job of `PERIODIC_TASKS`
runs once per slot (a local day at "HH:MM", or every N minutes). A slot is a row of
`PeriodicRun`, inserted before the job is enqueued, so two workers, or one restarted,
never start a slot twice. The jobs themselves are idempotent sweeps (DESIGN.md,
"Background work"), so the clock only decides when they run, never what they do."""

import logging
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, connections, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import PeriodicRun

logger = logging.getLogger("peerwell.worker")

# How often the clock looks at the time: well under the shortest period (a minute).
CLOCK_SECONDS = 15
# Slots older than this are forgotten (a week of minutes is 10,080 rows per job).
KEEP_SLOTS = timedelta(days=7)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    task: str
    at: time | None = None
    every_minutes: int | None = None

    def slot(self, now: datetime) -> tuple[str, datetime] | None:
        """The slot `now` falls in, as (key, start); None before a daily job's time."""
        if self.at is not None:
            local = timezone.localtime(now)
            if local.time() < self.at:
                return None
            start = timezone.make_aware(datetime.combine(local.date(), self.at))
            return local.date().isoformat(), start
        minutes = int((now - EPOCH).total_seconds() // 60)
        start = EPOCH + timedelta(minutes=minutes - minutes % self.every_minutes)
        return start.strftime("%Y-%m-%dT%H:%MZ"), start


def periodic_jobs() -> list[PeriodicJob]:
    """The jobs of the `PERIODIC_TASKS` setting, checked."""
    jobs = []
    for entry in settings.PERIODIC_TASKS:
        name, task = entry.get("name"), entry.get("task")
        at, every = entry.get("at"), entry.get("every_minutes")
        if not name or not task or (at is None) == (every is None):
            raise ImproperlyConfigured(
                f"PERIODIC_TASKS entry {entry!r} needs a name, a task, and either "
                '"at": "HH:MM" or "every_minutes": N'
            )
        if every is not None and (not isinstance(every, int) or every < 1):
            raise ImproperlyConfigured(f"PERIODIC_TASKS {name}: every_minutes must be 1 or more")
        try:
            at_time = time.fromisoformat(at) if at is not None else None
        except ValueError:
            raise ImproperlyConfigured(f'PERIODIC_TASKS {name}: "at" must be "HH:MM"') from None
        jobs.append(PeriodicJob(name=name, task=task, at=at_time, every_minutes=every))
    return jobs


def tick(now: datetime | None = None) -> list[str]:
    """Enqueues every job whose current slot has not been started; returns their names."""
    now = now or timezone.now()
    started = []
    for job in periodic_jobs():
        slot = job.slot(now)
        if slot is None:
            continue
        key, start = slot
        try:
            with transaction.atomic():
                PeriodicRun.objects.create(job=job.name, slot=key, slot_start=start)
                # Enqueued inside the transaction, not on commit: should the commit fail
                # after the enqueue, the job runs once more (harmless, jobs are
                # idempotent); enqueued after it, a crash in between would lose the slot.
                # With the database backend both rows commit together.
                import_string(job.task).enqueue()
        except IntegrityError:
            continue  # another clock has this slot
        logger.info("Started %s for %s", job.name, key)
        started.append(job.name)
    PeriodicRun.objects.filter(slot_start__lt=now - KEEP_SLOTS).delete()
    return started


class Clock(threading.Thread):
    """Ticks every CLOCK_SECONDS beside the worker's loop, until stopped."""

    def __init__(self, seconds: float = CLOCK_SECONDS):
        super().__init__(name="peerwell-clock", daemon=True)
        self.seconds = seconds
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            try:
                tick()
            except Exception:
                # A database that is briefly away must not stop the clock for good.
                logger.exception("The clock could not start its jobs; trying again")
            finally:
                connections.close_all()
            self.stopping.wait(self.seconds)

    def stop(self) -> None:
        self.stopping.set()
