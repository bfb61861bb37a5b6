"""Handing the outbox to the provider, each text at most once.

A text is claimed with a conditional UPDATE (queued -> sending): "0 rows" means another
run has it, so a task run twice sends once. The claim is committed before the provider is
called, so a worker that dies mid-send leaves the row "sending", and nothing ever sends a
"sending" row again: the sweep reports it failed after STUCK_AFTER, saying it may or may
not have gone out (a text sent twice is worse than one a person follows up)."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from .backends import SmsError, get_backend
from .models import MessageChannel, MessageStatus, OptOut, OutboundMessage

logger = logging.getLogger("peerwell.messaging")

STUCK_AFTER = timedelta(minutes=settings.SMS_STUCK_MINUTES)
STUCK_ERROR = (
    "The worker stopped while handing this text to the provider: it may or may not have "
    "gone out. Check with the person before sending it again."
)
# Texts one sweep sends at most; the next sweep, a minute later, takes the rest.
SWEEP_BATCH = 500


def claim(message_id: int, now: datetime | None = None) -> bool:
    """Takes the text for sending; False when it is not (or no longer) waiting to go."""
    now = now or timezone.now()
    return (
        OutboundMessage.objects.filter(
            pk=message_id,
            channel=MessageChannel.SMS,
            status=MessageStatus.QUEUED,
            send_after__lte=now,
        ).update(status=MessageStatus.SENDING, claimed_at=now)
        == 1
    )


def _finish(message_id: int, status: str, **fields) -> None:
    OutboundMessage.objects.filter(pk=message_id, status=MessageStatus.SENDING).update(
        status=status, **fields
    )


def send_one(message_id: int, now: datetime | None = None) -> str | None:
    """Sends one queued text if it is due and nobody else has it; returns the status it
    ended with, or None when there was nothing to send."""
    if not claim(message_id, now):
        return None
    message = OutboundMessage.objects.get(pk=message_id)
    # A STOP that came in after the text was queued still stops it.
    if OptOut.objects.filter(organization_id=message.organization_id, phone=message.to).exists():
        _finish(message_id, MessageStatus.OPTED_OUT)
        return MessageStatus.OPTED_OUT
    try:
        provider_id = get_backend().send_sms(message.to, message.body)
    except SmsError as error:
        logger.warning("Text %s not sent: %s", message_id, error)
        _finish(message_id, MessageStatus.FAILED, error=str(error)[:300])
        return MessageStatus.FAILED
    except Exception as error:
        logger.exception("Text %s not sent", message_id)
        _finish(message_id, MessageStatus.FAILED, error=f"Unexpected error: {error}"[:300])
        return MessageStatus.FAILED
    _finish(message_id, MessageStatus.SENT, provider_id=provider_id[:64], sent_at=timezone.now())
    return MessageStatus.SENT


def send_due(now: datetime | None = None) -> int:
    """Sends the queued texts that are due (those whose task was lost, or due later);
    returns how many this run sent or settled."""
    now = now or timezone.now()
    due = OutboundMessage.objects.filter(
        status=MessageStatus.QUEUED, send_after__lte=now, channel=MessageChannel.SMS
    ).order_by("send_after", "id")
    ids = list(due.values_list("pk", flat=True)[:SWEEP_BATCH])
    return sum(1 for pk in ids if send_one(pk, now) is not None)


def fail_stuck(now: datetime | None = None) -> int:
    """Texts left "sending" too long (the worker died mid-send) are reported failed."""
    now = now or timezone.now()
    stuck = OutboundMessage.objects.filter(
        status=MessageStatus.SENDING, claimed_at__lt=now - STUCK_AFTER
    )
    count = stuck.update(status=MessageStatus.FAILED, error=STUCK_ERROR)
    if count:
        logger.warning("%s text(s) stuck while sending, marked failed", count)
    return count
