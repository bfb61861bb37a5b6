"""core's one table: the worker's clock remembers which periodic job slots it started.

core's abstract models live in tenancy, appendonly and versions. Being a models app also
makes `migrate` send it post_migrate, which core's handlers (apps.py) need."""

from django.db import models
from django.utils import timezone


class PeriodicRun(models.Model):
    """One periodic job started for one slot ("generate_calls" for 2026-11-30, the outbox
    sweep for 14:05). Inserted before the job is enqueued: a second clock (another worker,
    a restart) finds the row and enqueues nothing."""

    job = models.CharField(max_length=100)
    # The slot as text: a local date for a daily job, a UTC minute for an every-N-minutes one.
    slot = models.CharField(max_length=32)
    # When the slot began, so the clock can forget old slots.
    slot_start = models.DateTimeField(db_index=True)
    enqueued_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "slot"], name="one_run_per_slot")]

    def __str__(self):
        return f"{self.job} {self.slot}"
