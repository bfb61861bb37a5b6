"""Writes of the messaging app: putting a text in the outbox, marking a reply read."""

import re
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from peerwell.audit.actions import record

from .models import MessageChannel, MessageStatus, OptOut, OutboundMessage

E164 = re.compile(r"^\+[1-9]\d{6,14}$")


def queue_text(
    *,
    organization_id: int,
    to: str,
    body: str,
    purpose: str,
    dedupe_key: str,
    participant=None,
    send_after: datetime | None = None,
) -> OutboundMessage:
    """Records a text in the outbox and has it sent once the caller's transaction commits.

    The same organization and `dedupe_key` a second time returns the first message and
    adds nothing (a reminder scheduled twice goes out once). A number that texted STOP is
    recorded as opted out and never sent. `to` is E.164 ("+12155550123")."""
    to = str(to)
    if not E164.match(to):
        raise ValueError(f"not a phone number in E.164 form: {to!r}")
    key = {"organization_id": organization_id, "dedupe_key": dedupe_key}
    with transaction.atomic():
        existing = OutboundMessage.objects.filter(**key).first()
        if existing is not None:
            return existing
        opted_out = OptOut.objects.filter(organization_id=organization_id, phone=to).exists()
        now = timezone.now()
        try:
            with transaction.atomic():
                message = OutboundMessage.objects.create(
                    **key,
                    channel=MessageChannel.SMS,
                    to=to,
                    body=body,
                    purpose=purpose,
                    participant=participant,
                    status=MessageStatus.OPTED_OUT if opted_out else MessageStatus.QUEUED,
                    created_at=now,
                    send_after=send_after or now,
                )
        except IntegrityError:  # queued by someone else a moment ago
            return OutboundMessage.objects.get(**key)
        if not opted_out and message.send_after <= now:
            from .tasks import send_text

            # A text due later, or whose task is lost, goes out with the outbox sweep.
            transaction.on_commit(lambda: send_text.enqueue(message.pk))
    return message


def mark_read(*, by, text, participant=None, request=None) -> None:
    """Takes a reply off its reader's list; marking it twice changes nothing more.
    `request`, when there is one, gives the audit row its address."""
    with transaction.atomic():
        done = (
            type(text)
            .objects.filter(pk=text.pk, read_at__isnull=True)
            .update(read_at=timezone.now())
        )
        if done:
            record(
                request=request,
                actor=by,
                action="update",
                obj=text,
                participant=participant,
                fields=["read_at"],
            )
