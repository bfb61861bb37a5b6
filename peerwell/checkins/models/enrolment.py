"""Who is enrolled in check-ins, the history of each enrolment, and requests for a call."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from peerwell.core.fields import EncryptedTextField
from peerwell.core.tenancy import RecordQuerySet, TenantModel, TenantQuerySet
from peerwell.participants.models import Language

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


# Every two weeks: weeks are counted from this Monday, and a call goes out in the weeks
# whose number has the enrolment's parity.
WEEK_ZERO = date(1970, 1, 5)


def week_parity(day: date) -> int:
    """0 or 1: which of the alternating weeks `day` falls in."""
    return ((day - WEEK_ZERO).days // 7) % 2


class Cadence(models.TextChoices):
    WEEKLY = "weekly", _("Every week")
    TWICE_WEEKLY = "twice_weekly", _("Twice a week")
    FORTNIGHTLY = "fortnightly", _("Every two weeks")


#: How many call days each cadence takes (the form checks the days chosen against it).
DAYS_PER_CADENCE = {Cadence.WEEKLY: 1, Cadence.TWICE_WEEKLY: 2, Cadence.FORTNIGHTLY: 1}


class Channel(models.TextChoices):
    CALL = "call", _("Phone call")
    TEXT = "text", _("Text check-in")


class CallerPreference(models.TextChoices):
    NONE = "", _("No preference")
    WOMAN = "woman", _("A woman")
    MAN = "man", _("A man")
    NONBINARY = "nonbinary", _("A nonbinary caller")


class EnrolmentStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    ENDED = "ended", _("Ended")


class EnrolmentQuerySet(RecordQuerySet):
    def current(self):
        """Enrolments that still make calls or may again (paused)."""
        return self.exclude(status=EnrolmentStatus.ENDED)


class Enrolment(TenantModel):
    """One person's check-in calls: a participant, or a family member in their own right."""

    participant = models.ForeignKey(
        "participants.Participant",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="checkin_enrolments",
    )
    family_member = models.ForeignKey(
        "participants.FamilyMember",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="checkin_enrolments",
    )
    cadence = models.CharField(
        _("how often"), max_length=20, choices=Cadence.choices, default=Cadence.WEEKLY
    )
    channel = models.CharField(
        _("how to check in"), max_length=10, choices=Channel.choices, default=Channel.CALL
    )
    # One column per weekday, so the day's queue is a plain SQL filter for 200,000 rows.
    monday = models.BooleanField(_("Monday"), default=False)
    tuesday = models.BooleanField(_("Tuesday"), default=False)
    wednesday = models.BooleanField(_("Wednesday"), default=False)
    thursday = models.BooleanField(_("Thursday"), default=False)
    friday = models.BooleanField(_("Friday"), default=False)
    saturday = models.BooleanField(_("Saturday"), default=False)
    sunday = models.BooleanField(_("Sunday"), default=False)
    # Every two weeks: calls go out in the weeks whose number (days since 1970-01-05, a
    # Monday, divided by 7) has this parity; set from the start date by the actions.
    week_parity = models.PositiveSmallIntegerField(default=0)
    window_start = models.TimeField(_("call between"))
    window_end = models.TimeField(_("and"))
    time_zone = models.CharField(_("their time zone"), max_length=64, default=settings.TIME_ZONE)
    language = models.CharField(
        _("language for calls"), max_length=10, choices=Language.choices, default=Language.ENGLISH
    )
    caller_preference = models.CharField(
        _("they would rather talk with"),
        max_length=20,
        choices=CallerPreference.choices,
        blank=True,
        default="",
    )
    # What a caller must know before dialling (e.g. "only call the cell, partner must not
    # know"); encrypted, and shown to whoever takes the call.
    safety_notes = EncryptedTextField(_("safety notes for callers"), blank=True)
    starts_on = models.DateField(_("first call on or after"))
    ends_on = models.DateField(_("last call on"), null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ACTIVE
    )
    paused_until = models.DateField(_("paused until"), null=True, blank=True)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        indexes = [
            # generate_calls: the active enrolments of a day, across the deployment.
            models.Index(
                fields=["starts_on"],
                condition=Q(status="active"),
                name="enrolment_active_start",
            ),
            models.Index(fields=["organization", "status"], name="enrolment_org_status"),
            # end_pauses_due, before the day's queue: the few pauses that ran out.
            models.Index(
                fields=["paused_until"],
                condition=Q(status="paused", paused_until__isnull=False),
                name="enrolment_pause_ends",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(participant__isnull=False, family_member__isnull=True)
                | Q(participant__isnull=True, family_member__isnull=False),
                name="enrolment_one_person",
            ),
            models.CheckConstraint(
                condition=Q(window_end__gt=F("window_start")), name="enrolment_window_order"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="enrolment_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(monday=True)
                | Q(tuesday=True)
                | Q(wednesday=True)
                | Q(thursday=True)
                | Q(friday=True)
                | Q(saturday=True)
                | Q(sunday=True),
                name="enrolment_has_a_call_day",
            ),
            models.CheckConstraint(
                condition=Q(week_parity__in=[0, 1]), name="enrolment_week_parity"
            ),
            # One current enrolment per person: a second one would double their calls.
            models.UniqueConstraint(
                fields=["participant"],
                condition=Q(participant__isnull=False) & ~Q(status="ended"),
                name="one_current_enrolment_per_participant",
            ),
            models.UniqueConstraint(
                fields=["family_member"],
                condition=Q(family_member__isnull=False) & ~Q(status="ended"),
                name="one_current_enrolment_per_family_member",
            ),
        ]

    def __str__(self):
        return f"{self.get_cadence_display()} {self.pk}"

    @property
    def person(self):
        return self.participant or self.family_member

    @property
    def call_days(self) -> list[str]:
        return [day for day in WEEKDAYS if getattr(self, day)]


class EnrolmentChange(TenantModel):
    """The history of an enrolment: enrolled, changed, paused, resumed, ended. The actions
    only ever add rows."""

    class Action(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled")
        CHANGED = "changed", _("Changed")
        PAUSED = "paused", _("Paused")
        RESUMED = "resumed", _("Resumed")
        ENDED = "ended", _("Ended")

    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="changes")
    action = models.CharField(max_length=10, choices=Action.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    until = models.DateField(null=True, blank=True)
    reason = EncryptedTextField(blank=True)

    objects = RecordQuerySet.as_manager()

    class Meta:
        ordering = ["enrolment", "at", "id"]

    def __str__(self):
        return f"{self.enrolment_id} {self.action}"


class CallRequestQuerySet(TenantQuerySet):
    visible_roles = frozenset({"admin", "supervisor", "peer"})

    def new(self):
        return self.filter(status=CallRequest.Status.NEW)


class CallRequest(TenantModel):
    """Someone asked to be called, on the public page. Staff turn it into an enrolment."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        ENROLLED = "enrolled", _("Enrolled")
        CLOSED = "closed", _("Closed without enrolling")

    first_name = models.CharField(_("first name"), max_length=100)
    phone = PhoneNumberField(_("phone"))
    best_times = models.CharField(_("best days and times"), max_length=300, blank=True)
    language = models.CharField(
        _("language"), max_length=10, choices=Language.choices, default=Language.ENGLISH
    )
    may_text = models.BooleanField(_("may we text you?"), default=False)
    received_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, null=True, related_name="+")
    # Why staff closed it without enrolling (encrypted: it may say something personal).
    close_reason = EncryptedTextField(_("why close it"), blank=True)

    objects = CallRequestQuerySet.as_manager()

    class Meta:
        ordering = ["received_at", "id"]
        indexes = [
            # The "new requests" list.
            models.Index(
                fields=["organization", "received_at"],
                condition=Q(status="new"),
                name="callrequest_new",
            ),
            # The per-number throttle of the public form.
            models.Index(fields=["phone", "received_at"], name="callrequest_phone_time"),
        ]

    def __str__(self):
        return f"{self.first_name} {self.received_at:%Y-%m-%d}"
