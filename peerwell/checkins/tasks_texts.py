"""The worker's jobs for text check-ins, reminders and overdue escalations. Each only
triggers work kept in our own tables and is safe to run twice (DESIGN.md, "Background
work"); `PERIODIC_TASKS` in settings says when the clock enqueues them."""

from django.utils import timezone
from django_tasks import task

from . import reminders, supervision, texts


@task()
def send_todays_text_checkins() -> int:
    return texts.send_text_checkins(day=timezone.localdate())


@task()
def send_tomorrows_reminders() -> int:
    return reminders.send_call_reminders(day=timezone.localdate())


@task()
def text_todays_missed_calls() -> int:
    return reminders.text_missed_calls(day=timezone.localdate())


@task()
def notify_overdue_escalations() -> int:
    return supervision.notify_overdue_escalations(now=timezone.now())
