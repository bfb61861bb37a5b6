"""The day's check-ins and what each attempt found."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peerwell.core.fields import EncryptedTextField
from peerwell.core.tenancy import TenantModel, TenantQuerySet
from peerwell.participants.models import Language

from .enrolment import Channel, Enrolment


class CallStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for a caller")
    CLAIMED = "claimed", _("Taken by a caller")
    RETRY = "retry", _("To try again")
    REACHED = "reached", _("Reached")
    NOT_REACHED = "not_reached", _("Not reached")
    STOPPED = "stopped", _("Asked to stop")
    DECLINED = "declined", _("Declined this week")
    # A text check-in went out and waits for the reply.
    TEXTED = "texted", _("Text sent")
    ANSWERED = "answered", _("Answered by text")


OPEN_CALL_STATUSES = [CallStatus.QUEUED, CallStatus.CLAIMED, CallStatus.RETRY]


class CheckInCallQuerySet(TenantQuerySet):
    # Volunteers make calls too; what they may see of one is narrowed by the call pages.
    visible_roles = frozenset({"admin", "supervisor", "peer", "volunteer"})

    def open(self):
        return self.filter(status__in=OPEN_CALL_STATUSES)


class CheckInCall(TenantModel):
    """One check-in due on one day: a call (tried up to the organization's number of
    attempts) or a text."""

    # generate_calls writes a day's rows for 200,000 enrolments in one statement: every
    # index costs it time, so no foreign key has an index of its own where one below
    # starts with the same column (organization, enrolment) or where it is nearly always
    # empty (family_member, claimed_by: partial indexes below).
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.PROTECT, related_name="calls", db_index=False
    )
    # Copied from the enrolment, so the queue and the record need no join to find them.
    participant = models.ForeignKey(
        "participants.Participant",
        on_delete=models.PROTECT,
        null=True,
        related_name="checkin_calls",
    )
    family_member = models.ForeignKey(
        "participants.FamilyMember",
        on_delete=models.PROTECT,
        null=True,
        related_name="checkin_calls",
        db_index=False,
    )
    due_date = models.DateField()
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.CALL)
    language = models.CharField(max_length=10, choices=Language.choices)
    status = models.CharField(max_length=12, choices=CallStatus.choices, default=CallStatus.QUEUED)
    # A call not reached goes back to the queue on this day (the retry rule).
    try_on = models.DateField()
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        db_index=False,
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    # A text check-in's answer, or the rating the reached call recorded (1-5).
    self_rating = models.PositiveSmallIntegerField(null=True, blank=True)
    # Set when the self-rating is 2 or more below the person's recent average.
    flagged_low = models.BooleanField(default=False)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = CheckInCallQuerySet.as_manager()

    class Meta:
        ordering = ["try_on", "id"]
        indexes = [
            # The day's queue of an organization: open calls by the day they are tried.
            models.Index(
                fields=["organization", "try_on", "language"],
                condition=Q(status__in=["queued", "claimed", "retry"]),
                name="checkincall_queue",
            ),
            # "My calls": what a caller has taken and not logged yet.
            models.Index(
                fields=["claimed_by", "try_on"],
                condition=Q(status="claimed"),
                name="checkincall_claimed",
            ),
            # The record's check-in history and "the last two call summaries" read the
            # unique (enrolment, due_date) index backwards; a family member's calls:
            models.Index(
                fields=["family_member"],
                condition=Q(family_member__isnull=False),
                name="checkincall_family_member",
            ),
            # Figures per week.
            models.Index(fields=["organization", "due_date"], name="checkincall_org_due"),
        ]
        constraints = [
            # generate_calls may run twice, or again after a crash: never two calls a day.
            models.UniqueConstraint(fields=["enrolment", "due_date"], name="one_call_per_day"),
            models.CheckConstraint(
                condition=Q(self_rating__isnull=True) | Q(self_rating__gte=1, self_rating__lte=5),
                name="call_rating_one_to_five",
            ),
            models.CheckConstraint(
                condition=~Q(status="claimed") | Q(claimed_by__isnull=False),
                name="claimed_call_has_a_caller",
            ),
        ]

    def __str__(self):
        return f"{self.enrolment_id} {self.due_date}"

    @property
    def person(self):
        return self.participant or self.family_member


class Outcome(models.TextChoices):
    REACHED = "reached", _("Reached them")
    VOICEMAIL = "voicemail", _("Left a voicemail")
    NO_ANSWER = "no_answer", _("No answer")
    WRONG_NUMBER = "wrong_number", _("Wrong number")
    ASKED_TO_STOP = "asked_to_stop", _("Asked to stop the calls")
    DECLINED = "declined", _("Declined this week")


class Recovery(models.TextChoices):
    """The quarterly report's question, asked on every reached call (DOMAIN.md)."""

    YES = "yes", _("Yes, maintaining their recovery")
    NO = "no", _("No")
    NOT_ASKED = "not_asked", _("Did not ask or did not say")


class CallAttemptQuerySet(TenantQuerySet):
    visible_roles = frozenset({"admin", "supervisor", "peer", "volunteer"})


class CallAttempt(TenantModel):
    """What one try of a call found. A reached call's service is its `contact` in the
    service log: one source of truth for contacts."""

    call = models.ForeignKey(CheckInCall, on_delete=models.PROTECT, related_name="attempts_made")
    caller = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(_("what happened"), max_length=20, choices=Outcome.choices)
    called_at = models.DateTimeField(default=timezone.now)
    minutes = models.PositiveSmallIntegerField(_("minutes on the call"), null=True, blank=True)
    self_rating = models.PositiveSmallIntegerField(
        _("how are they doing, 1 to 5"), null=True, blank=True
    )
    maintaining_recovery = models.CharField(
        _("maintaining their recovery?"), max_length=10, choices=Recovery.choices, blank=True
    )
    # A short summary the next caller reads ("the last two call summaries"), encrypted.
    summary = EncryptedTextField(_("summary for the next caller"), blank=True)
    resources_shared = models.CharField(_("resources shared"), max_length=300, blank=True)
    contact = models.OneToOneField(
        "contacts.Contact", on_delete=models.PROTECT, null=True, related_name="checkin_attempt"
    )

    objects = CallAttemptQuerySet.as_manager()

    class Meta:
        ordering = ["called_at", "id"]
        indexes = [
            models.Index(fields=["call", "called_at"], name="callattempt_call"),
            # Figures per caller and week.
            models.Index(fields=["organization", "called_at"], name="callattempt_org_time"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(self_rating__isnull=True) | Q(self_rating__gte=1, self_rating__lte=5),
                name="attempt_rating_one_to_five",
            ),
            # A reached call is a service: it has minutes and its contact in the log.
            models.CheckConstraint(
                condition=~Q(outcome="reached") | Q(minutes__gte=1),
                name="reached_call_has_minutes",
            ),
        ]

    def __str__(self):
        return f"{self.call_id} {self.outcome}"
