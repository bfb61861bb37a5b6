"""Telephone Recovery Support: who is enrolled in weekly check-ins, the day's calls, what
each attempt found, and the escalations a call raises.

The call queue is durable work in our own tables (DESIGN.md, "Background work"): a task
only triggers `generate_calls`, and the unique (enrolment, due date) pair makes running it
twice, or again after a crash, harmless."""

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


class EscalationKind(models.TextChoices):
    RECURRENCE = "recurrence", _("Recurrence of use")
    CRISIS = "crisis", _("Crisis")
    RESOURCE = "resource", _("Needs a resource")
    UNREACHED = "unreached", _("Not reached several times")
    LOW_RATING = "low_rating", _("Rating well below their usual")


class EscalationQuerySet(RecordQuerySet):
    def open(self):
        return self.filter(closed_at__isnull=True)


class Escalation(TenantModel):
    """Early intervention: something a call found that a person must act on in time."""

    kind = models.CharField(_("what"), max_length=20, choices=EscalationKind.choices)
    participant = models.ForeignKey(
        "participants.Participant",
        on_delete=models.PROTECT,
        null=True,
        related_name="escalations",
    )
    family_member = models.ForeignKey(
        "participants.FamilyMember", on_delete=models.PROTECT, null=True, related_name="+"
    )
    call = models.ForeignKey(
        CheckInCall, on_delete=models.PROTECT, null=True, related_name="escalations"
    )
    # Who must act: the assigned peer, a navigator, or a supervisor when nobody is assigned.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="escalations"
    )
    # The task on the owner's follow-ups list.
    follow_up = models.ForeignKey(
        "contacts.FollowUp", on_delete=models.PROTECT, null=True, related_name="+"
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    raised_at = models.DateTimeField(default=timezone.now)
    # Past this moment the supervisors' page highlights it and a supervisor is told.
    respond_by = models.DateTimeField()
    notes = EncryptedTextField(_("what the caller learned"), blank=True)
    # A crisis: where the person was handed (988, emergency services, on-call).
    handed_to = models.CharField(_("handed to"), max_length=20, blank=True)
    supervisor_told_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    outcome = EncryptedTextField(_("what was done"), blank=True)

    objects = EscalationQuerySet.as_manager()

    class Meta:
        ordering = ["respond_by", "id"]
        indexes = [
            # The supervisors' list of open escalations, oldest deadline first.
            models.Index(
                fields=["organization", "respond_by"],
                condition=Q(closed_at__isnull=True),
                name="escalation_open",
            ),
            models.Index(fields=["organization", "raised_at"], name="escalation_org_time"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(participant__isnull=False) | Q(family_member__isnull=False),
                name="escalation_names_a_person",
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.raised_at:%Y-%m-%d}"


class CheckInRules(TenantModel):
    """An organization's rules for its check-ins; `rules_for` gives the defaults when
    an organization has saved none."""

    max_attempts = models.PositiveSmallIntegerField(_("attempts per call"), default=3)
    retry_days = models.PositiveSmallIntegerField(_("over how many days"), default=2)
    unreached_limit = models.PositiveSmallIntegerField(
        _("unreached calls in a row before outreach"), default=3
    )
    low_rating_drop = models.PositiveSmallIntegerField(
        _("flag a rating this far below their average"), default=2
    )
    recurrence_hours = models.PositiveSmallIntegerField(
        _("hours to follow up a recurrence"), default=24
    )
    crisis_minutes = models.PositiveSmallIntegerField(
        _("minutes to follow up a crisis"), default=60
    )
    on_call_number = PhoneNumberField(_("on-call number"), blank=True)
    reminder_texts = models.BooleanField(_("text a reminder the day before"), default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization"], name="one_rules_per_organization"),
            models.CheckConstraint(
                condition=Q(max_attempts__gte=1, max_attempts__lte=10),
                name="rules_attempts_range",
            ),
            models.CheckConstraint(
                condition=Q(retry_days__gte=1, retry_days__lte=7), name="rules_retry_days_range"
            ),
        ]

    def __str__(self):
        return f"rules {self.organization_id}"


def rules_for(organization_id) -> CheckInRules:
    """The organization's saved rules, or the defaults (unsaved) when it has none."""
    return CheckInRules.objects.filter(organization_id=organization_id).first() or CheckInRules(
        organization_id=organization_id
    )
