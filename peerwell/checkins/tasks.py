"""Background work of the check-ins. A task only triggers work whose state lives in our
own tables, so losing or repeating one changes nothing (DESIGN.md, "Background work")."""

from django.utils import timezone
from django_tasks import task

from .calls import return_stale_claims
from .queue import generate_calls


@task()
def generate_todays_calls() -> int:
    """The day's calls; the periodic clock enqueues it each morning."""
    return generate_calls(day=timezone.localdate())


@task()
def return_forgotten_claims() -> int:
    """Calls taken and never logged go back to the queue (the queue page does it too)."""
    return return_stale_claims(now=timezone.now())
