"""Background tasks of the messaging app. A task only triggers work kept in the outbox
table: running one twice, or losing one, changes nothing (sending.py)."""

from django_tasks import task

from . import sending


@task()
def send_text(message_id: int) -> str | None:
    return sending.send_one(message_id)


@task()
def sweep_outbox() -> dict:
    """Every minute (PERIODIC_TASKS): settle texts stuck mid-send, send those due."""
    return {"stuck": sending.fail_stuck(), "sent": sending.send_due()}
