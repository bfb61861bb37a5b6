"""What happened at an event: a session (one occurrence held) with its head count and
notes, the known participants who attended, and class enrolments."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peerwell.core.fields import EncryptedTextField
from peerwell.core.tenancy import RecordQuerySet, TenantModel

from .schedule import CommunityQuerySet, Event


class Session(TenantModel):
    """One occurrence of an event that was held, keyed by the occurrence's original date.
    `head_count` is everyone in the room, known or not; it can never be below the people
    signed in (checked by the actions, which lock the session)."""

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="sessions")
    held_on = models.DateField(_("date"))
    head_count = models.PositiveIntegerField(_("how many people came"), default=0)
    # "Just count me" at the door's QR form: a tally the facilitator sees beside theirs.
    door_count = models.PositiveIntegerField(_("counted at the door"), default=0)
    notes = EncryptedTextField(_("session notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = CommunityQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "held_on"], name="session_once_per_date")
        ]
        indexes = [models.Index(fields=["organization", "held_on"], name="session_org_date")]


class AttendeeStatus(models.TextChoices):
    # A self check-in at the door that matched a participant: staff confirm it before it
    # touches their record.
    PENDING = "pending", _("Waiting for staff to confirm")
    CONFIRMED = "confirmed", _("Attended")


class Attendee(TenantModel):
    """A known participant at a session. A confirmed attendee has its contact in the
    service log (affiliational; informational for a class session)."""

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="attendees")
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=20, choices=AttendeeStatus.choices)
    self_checked_in = models.BooleanField(default=False)
    contact = models.OneToOneField(
        "contacts.Contact", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    checked_in_at = models.DateTimeField(default=timezone.now)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    objects = RecordQuerySet.as_manager()

    class Meta:
        ordering = ["checked_in_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "participant"], name="attendee_once_per_session"
            ),
            models.CheckConstraint(
                condition=Q(status="pending", confirmed_at__isnull=True)
                | Q(status="confirmed", confirmed_at__isnull=False),
                name="attendee_confirmed_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["participant", "status"], name="attendee_participant"),
            models.Index(fields=["organization", "status"], name="attendee_org_status"),
        ]


class ClassStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    COMPLETED = "completed", _("Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ClassEnrolment(TenantModel):
    """A participant enrolled in a class (an event with a completion rule). It is
    completed, with its date, once they attended `sessions_to_complete` sessions."""

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="enrolments")
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ClassStatus.choices, default=ClassStatus.ENROLLED
    )
    enrolled_on = models.DateField(_("enrolled on"), default=timezone.localdate)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    sessions_attended = models.PositiveSmallIntegerField(default=0)

    objects = RecordQuerySet.as_manager()

    class Meta:
        ordering = ["enrolled_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "participant"], name="class_enrolment_once"),
            models.CheckConstraint(
                condition=Q(status="completed", completed_on__isnull=False)
                | (~Q(status="completed") & Q(completed_on__isnull=True)),
                name="class_completed_has_date",
            ),
        ]
        indexes = [models.Index(fields=["participant"], name="class_enrolment_participant")]
