"""Outbound texts and emails (the outbox), replies that come in, and who opted out.

A message is a row here before any provider sees it, and is handed to the provider at
most once: the sender claims it with a conditional UPDATE (queued -> sending), so a task
run twice finds nothing to claim, and a worker killed mid-send leaves it "sending", never
queued again (DESIGN.md, "Outbound messages")."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peerwell.core.fields import EncryptedTextField
from peerwell.core.tenancy import TenantModel, TenantQuerySet


class MessageChannel(models.TextChoices):
    SMS = "sms", _("Text message")
    EMAIL = "email", _("Email")


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to send")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Could not be sent")
    OPTED_OUT = "opted_out", _("Not sent: the number opted out")


class OutboundQuerySet(TenantQuerySet):
    visible_roles = frozenset({"admin", "supervisor"})


class OutboundMessage(TenantModel):
    channel = models.CharField(max_length=10, choices=MessageChannel.choices)
    to = models.CharField(max_length=254)
    # The text can say more than anyone but the recipient should read: encrypted.
    body = EncryptedTextField()
    # What sent it ("checkin", "reminder", "missed", "help"...), for the figures and logs.
    purpose = models.CharField(max_length=30)
    # At most one message per key ("reminder:call:812"): scheduling twice adds nothing.
    dedupe_key = models.CharField(max_length=120)
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, null=True, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=MessageStatus.choices, default=MessageStatus.QUEUED
    )
    created_at = models.DateTimeField(default=timezone.now)
    send_after = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    provider_id = models.CharField(max_length=64, blank=True)
    error = models.CharField(max_length=300, blank=True)

    objects = OutboundQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            # The sender's sweep: what is due to go out.
            models.Index(fields=["send_after"], condition=Q(status="queued"), name="outbound_due"),
            # The sweep's other half: texts left mid-send by a worker that died.
            models.Index(
                fields=["claimed_at"], condition=Q(status="sending"), name="outbound_sending"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "dedupe_key"], name="one_message_per_key"
            ),
        ]

    def __str__(self):
        return f"{self.channel} {self.purpose} {self.status}"


class InboundKind(models.TextChoices):
    RATING = "rating", _("A rating")
    CALL = "call", _("Asked for a call")
    STOP = "stop", _("Stop")
    START = "start", _("Start")
    HELP = "help", _("Help")
    OTHER = "other", _("Other text")
    UNKNOWN_SENDER = "unknown", _("From an unknown number")


class InboundQuerySet(TenantQuerySet):
    visible_roles = frozenset({"admin", "supervisor", "peer"})

    def to_read(self):
        return self.filter(kind=InboundKind.OTHER, read_at__isnull=True)


class InboundMessage(TenantModel):
    """A text that came in. `provider_id` is unique: the provider's retry of the same
    webhook records nothing new."""

    from_number = models.CharField(max_length=32)
    to_number = models.CharField(max_length=32)
    body = EncryptedTextField()
    provider_id = models.CharField(max_length=64, unique=True)
    received_at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=10, choices=InboundKind.choices)
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, null=True, related_name="+"
    )
    # The check-in it answers, when it answers one.
    call = models.ForeignKey(
        "checkins.CheckInCall", on_delete=models.PROTECT, null=True, related_name="replies"
    )
    # "Any other text goes to the peer's list to read": who should read it, and when they did.
    for_user = models.ForeignKey("orgs.User", on_delete=models.PROTECT, null=True, related_name="+")
    read_at = models.DateTimeField(null=True, blank=True)

    objects = InboundQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(
                fields=["for_user", "-received_at"],
                condition=Q(kind="other", read_at__isnull=True),
                name="inbound_to_read",
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.received_at:%Y-%m-%d}"


class OptOut(TenantModel):
    """A phone number that texted STOP: nothing more is texted to it until START."""

    phone = models.CharField(max_length=32)
    opted_out_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "phone"], name="one_opt_out_per_phone")
        ]

    def __str__(self):
        return self.phone
