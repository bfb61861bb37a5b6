"""The service log: every coaching session, call, navigation step, group visit."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peerwell.core.fields import EncryptedTextField
from peerwell.core.tenancy import RecordQuerySet, TenantModel
from peerwell.core.versions import RecordVersion

MAX_MINUTES = 24 * 60


class ContactKind(models.TextChoices):
    COACHING = "coaching", _("Recovery coaching")
    CHECK_IN = "check_in", _("Check-in call")
    NAVIGATION = "navigation", _("Navigation / case management")
    GROUP = "group", _("Group")
    OUTREACH = "outreach", _("Outreach")
    FAMILY = "family", _("Family support")
    DROP_IN = "drop_in", _("Drop-in")
    INSTRUMENTAL = "instrumental", _("Instrumental help")
    OTHER = "other", _("Other")


class Mode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("Phone")
    VIDEO = "video", _("Video")
    TEXT = "text", _("Text message")


class Outcome(models.TextChoices):
    """Whether the peer reached the person. Anything but "reached" is an attempt: it
    shows on the timeline but is no service (no support, no minutes) and does not count
    as contact for "last contact", inactivity or the reports."""

    REACHED = "reached", _("Reached them")
    NO_ANSWER = "no_answer", _("No answer")
    LEFT_VOICEMAIL = "left_voicemail", _("Left a voicemail")
    WRONG_NUMBER = "wrong_number", _("Wrong number")
    NO_SHOW = "no_show", _("They did not come")


KIND_LABELS = dict(ContactKind.choices)
MODE_LABELS = dict(Mode.choices)
OUTCOME_LABELS = dict(Outcome.choices)

# The four kinds of social support (Salzer 2002): one contact may give several.
SUPPORT_KINDS = [
    ("emotional", _("Emotional")),
    ("informational", _("Informational")),
    ("instrumental", _("Instrumental")),
    ("affiliational", _("Affiliational")),
]
# A line of help for each, shown beside the choice (DOMAIN.md's words).
SUPPORT_HELP = {
    "emotional": _("Empathy, encouragement, mentoring, coaching, a support group."),
    "informational": _("Information, advice, teaching a skill."),
    "instrumental": _("Concrete help with a task: a ride, a form, an application."),
    "affiliational": _("Connecting them with a recovery community, a sense of belonging."),
}
NO_SUPPORT = Q(emotional=False, informational=False, instrumental=False, affiliational=False)


class ContactQuerySet(RecordQuerySet):
    def reached(self):
        """Real contacts: the services that count for "last contact" and the reports."""
        return self.filter(outcome=Outcome.REACHED)


class Contact(TenantModel):
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="contacts"
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("logged by"),
    )
    # Family members are served in their own right: when set, this family member (linked
    # to the participant) is the person this contact served.
    family_member = models.ForeignKey(
        "participants.FamilyMember",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name=_("person served"),
    )
    kind = models.CharField(_("kind of contact"), max_length=20, choices=ContactKind.choices)
    outcome = models.CharField(
        _("did you reach them?"), max_length=20, choices=Outcome.choices, default=Outcome.REACHED
    )
    # One column per kind of support: reports count them in SQL.
    emotional = models.BooleanField(_("Emotional"), default=False)
    informational = models.BooleanField(_("Informational"), default=False)
    instrumental = models.BooleanField(_("Instrumental"), default=False)
    affiliational = models.BooleanField(_("Affiliational"), default=False)
    contact_date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    # None for an attempt: no service was given.
    duration_minutes = models.PositiveSmallIntegerField(_("minutes"), null=True, blank=True)
    mode = models.CharField(_("how"), max_length=20, choices=Mode.choices)
    place = models.CharField(_("place"), max_length=200, blank=True)
    notes = EncryptedTextField(_("notes"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Optimistic versioning, as for participants: a stale edit is refused, never merged.
    version = models.PositiveIntegerField(default=1)

    objects = ContactQuerySet.as_manager()
    timeline_kind = "contact"

    class Meta:
        ordering = ["-contact_date", "-start_time", "-id"]
        indexes = [
            # The participant timeline, in its exact order: its page is read straight from
            # the index (SQLite otherwise walks the organization's contacts by date).
            models.Index(
                fields=["participant", "-contact_date", "-start_time", "-id"],
                name="contact_timeline",
            ),
            # "Last contact" and inactivity read real contacts only.
            models.Index(
                fields=["participant", "-contact_date"],
                condition=Q(outcome="reached"),
                name="contact_reached_date",
            ),
            # Reports: services by organization and period.
            models.Index(fields=["organization", "contact_date"], name="contact_org_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(outcome="reached")
                | Q(emotional=True)
                | Q(informational=True)
                | Q(instrumental=True)
                | Q(affiliational=True),
                name="contact_has_a_support_kind",
            ),
            models.CheckConstraint(
                condition=~Q(outcome="reached")
                | Q(
                    duration_minutes__isnull=False,
                    duration_minutes__gte=1,
                    duration_minutes__lte=MAX_MINUTES,
                ),
                name="contact_duration_within_a_day",
            ),
            # An attempt gave no service: no support and no minutes to count.
            models.CheckConstraint(
                condition=Q(outcome="reached") | NO_SUPPORT & Q(duration_minutes__isnull=True),
                name="attempt_gives_no_service",
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=Outcome.values), name="contact_outcome_is_known"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.contact_date}"

    @property
    def timeline_date(self):
        return self.contact_date

    # The timeline shows these for every entry: a plain lookup, where get_FOO_display
    # rebuilds the choices into a dict each call.
    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind))

    @property
    def mode_label(self) -> str:
        return str(MODE_LABELS.get(self.mode, self.mode))

    @property
    def outcome_label(self) -> str:
        return str(OUTCOME_LABELS.get(self.outcome, self.outcome))

    @property
    def is_attempt(self) -> bool:
        return self.outcome != Outcome.REACHED

    @property
    def support_labels(self) -> list[str]:
        return [str(label) for name, label in SUPPORT_KINDS if getattr(self, name)]


class FollowUpQuerySet(RecordQuerySet):
    def open(self):
        return self.filter(done_at__isnull=True)

    def done_since(self, moment):
        """Marked done from `moment` on, latest first: what a peer may still undo."""
        return self.filter(done_at__gte=moment).order_by("-done_at", "-id")


class FollowUp(TenantModel):
    """A task on a peer's list: call back, check on a referral, bring the application."""

    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="follow_ups"
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="follow_ups"
    )
    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, null=True, related_name="+")
    due_date = models.DateField(_("follow up on"))
    # What to follow up on, in the peer's words (encrypted: it can say why they worry).
    reason = EncryptedTextField(_("what to follow up on"), blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [
            # "My follow-ups", and the caseload's next follow-up per participant.
            models.Index(
                fields=["assigned_to", "due_date"],
                condition=Q(done_at__isnull=True),
                name="followup_open_by_peer",
            ),
            models.Index(
                fields=["participant", "due_date"],
                condition=Q(done_at__isnull=True),
                name="followup_open_by_participant",
            ),
            # "Done recently", where a peer can undo.
            models.Index(
                fields=["assigned_to", "-done_at"],
                condition=Q(done_at__isnull=False),
                name="followup_done_by_peer",
            ),
        ]

    def __str__(self):
        return f"{self.participant_id} {self.due_date}"


class ContactVersion(RecordVersion):
    """The values a logged contact had before an edit (encrypted: they include notes)."""

    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="versions")
    versioned_model = Contact

    class Meta(RecordVersion.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "version"], name="one_row_per_contact_version"
            )
        ]

    def __str__(self):
        return f"{self.contact_id} v{self.version}"
