"""`peerwell worker`: runs the background tasks and the clock of periodic jobs."""

import signal
import threading

from django.core.management.base import BaseCommand, CommandError
from django.utils.crypto import get_random_string
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker

from peerwell.core.worker import CLOCK_SECONDS, Clock, periodic_jobs, tick


class Command(BaseCommand):
    help = (
        "Run the background worker: the tasks queued in the database, and a clock that "
        "starts the periodic jobs of PERIODIC_TASKS (each once per slot, however many "
        "workers run)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds between looks at an empty queue."
        )
        parser.add_argument(
            "--batch", action="store_true", help="Run what is queued now, then exit."
        )
        parser.add_argument("--no-clock", action="store_true", help="Run tasks only.")
        parser.add_argument(
            "--clock-only",
            action="store_true",
            help="Only start the periodic jobs (when another worker runs the tasks, e.g. "
            "django-tasks-rq's).",
        )
        parser.add_argument("--queue-name", default="*", help="Queues to run, comma-separated.")

    def handle(self, *, interval, batch, no_clock, clock_only, queue_name, **options):
        jobs = periodic_jobs()  # a mistake in the setting stops the worker at once
        if clock_only:
            return self.run_clock_only(batch)
        backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
        if not isinstance(backend, DatabaseBackend):
            raise CommandError(
                "The tasks backend is not the database one: run its own worker, and "
                "`peerwell worker --clock-only` for the periodic jobs."
            )
        clock = None
        if batch:
            if not no_clock:
                tick()
        elif not no_clock:
            clock = Clock()
            clock.start()
        self.stdout.write(
            f"Worker started: {len(jobs)} periodic job(s)"
            + ("" if clock else ", no clock")
            + f"; queues {queue_name}"
        )
        worker = Worker(
            queue_names=queue_name.split(","),
            interval=interval,
            batch=batch,
            backend_name=DEFAULT_TASK_BACKEND_ALIAS,
            startup_delay=not batch,
            max_tasks=None,
            worker_id=get_random_string(32),
            excluded_queue_names=[],
        )
        if not batch:
            worker.configure_signals()
        try:
            worker.run()
        finally:
            if clock is not None:
                clock.stop()

    def run_clock_only(self, batch):
        if batch:
            tick()
            return
        done = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: done.set())
        clock = Clock()
        clock.start()
        self.stdout.write(f"Clock started: looks every {CLOCK_SECONDS} s")
        done.wait()
        clock.stop()
