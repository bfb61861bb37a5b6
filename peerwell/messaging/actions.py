"""TEMPORARY stand-in for helper A's outbox action, with the interface A's brief promises,
so helper D's text check-ins can be built and tested before A's branch lands. Replaced by
A's module when main is merged (take theirs)."""

from django.db import transaction
from django.utils import timezone

from .models import MessageChannel, MessageStatus, OptOut, OutboundMessage


def queue_text(
    *, organization_id, to, body, purpose, dedupe_key, participant=None, send_after=None
) -> OutboundMessage:
    with transaction.atomic():
        existing = OutboundMessage.objects.filter(
            organization_id=organization_id, dedupe_key=dedupe_key
        ).first()
        if existing:
            return existing
        opted_out = OptOut.objects.filter(organization_id=organization_id, phone=to).exists()
        return OutboundMessage.objects.create(
            organization_id=organization_id,
            channel=MessageChannel.SMS,
            to=to,
            body=body,
            purpose=purpose,
            dedupe_key=dedupe_key,
            participant=participant,
            status=MessageStatus.OPTED_OUT if opted_out else MessageStatus.QUEUED,
            send_after=send_after or timezone.now(),
        )
