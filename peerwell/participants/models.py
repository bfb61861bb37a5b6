"""Participants: the people the organization serves."""

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from peerwell.core.fields import EncryptedTextField
from peerwell.core.tenancy import RecordQuerySet, TenantModel
from peerwell.core.versions import RecordVersion


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    SPANISH = "es", _("Spanish")
    OTHER = "other", _("Another language")


class Status(models.TextChoices):
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")
    DISCHARGED = "discharged", _("Discharged")


class DischargeReason(models.TextChoices):
    GOALS_MET = "goals_met", _("Goals met")
    MOVED = "moved", _("Moved away")
    DECLINED = "declined", _("Declined further services")
    LOST_CONTACT = "lost_contact", _("Lost contact")
    DECEASED = "deceased", _("Deceased")
    OTHER = "other", _("Other reason")


# The allowed status changes: one table, checked by actions.change_status.
# Re-enrolling a discharged participant makes them active again; history stays.
NEXT_STATUSES = {
    Status.ACTIVE: (Status.INACTIVE, Status.DISCHARGED),
    Status.INACTIVE: (Status.ACTIVE, Status.DISCHARGED),
    Status.DISCHARGED: (Status.ACTIVE,),
}


class Pathway(models.TextChoices):
    TWELVE_STEP = "twelve_step", _("12-step")
    HARM_REDUCTION = "harm_reduction", _("Harm reduction")
    MODERATION = "moderation", _("Moderation")
    FAITH = "faith", _("Faith-based")
    MEDICATION = "medication", _("Medication-supported")
    CLINICAL = "clinical", _("Evidence-based clinical")
    ABSTINENCE = "abstinence", _("Abstinence")
    SOLO = "solo", _("Solo / self-directed")
    OWN = "own", _("Their own pathway")


class Stage(models.TextChoices):
    """Where the person is relative to formal treatment."""

    BEFORE = "before", _("Before treatment")
    DURING = "during", _("During treatment")
    AFTER = "after", _("After treatment")
    APART = "apart", _("Apart from treatment")


class ReferralSource(models.TextChoices):
    SELF = "self", _("Self")
    FAMILY = "family", _("Family or friend")
    TREATMENT = "treatment", _("Treatment provider")
    HOSPITAL = "hospital", _("Hospital or emergency department")
    JUSTICE = "justice", _("Court, probation or jail")
    COMMUNITY = "community", _("Community organization")
    OUTREACH = "outreach", _("Our outreach or pop-up center")
    OTHER = "other", _("Other")


class ParticipantQuerySet(RecordQuerySet):
    # Volunteers see participants only through their call list (Telephone Recovery
    # Support), and funders only aggregates: neither lists participants.
    def visible_to(self, user):
        # A record merged into another leaves every list; its rows now belong to the other.
        return super().visible_to(user).filter(merged_into__isnull=True)

    def countable_by(self, user):
        """Funders count participants across organizations: the reports that use this
        return aggregates only, never rows, and suppress small counts."""
        if not getattr(user, "is_authenticated", False) or user.role != "funder":
            return self.none()
        return self.filter(merged_into__isnull=True)  # a merged record is one person

    def caseload_of(self, user):
        return self.visible_to(user).filter(assigned_peer=user)

    def with_peer(self):
        return self.select_related("assigned_peer")

    def with_status(self, choice: str):
        """`current` (everyone not discharged), `all`, or one status."""
        if choice == "current":
            return self.exclude(status=Status.DISCHARGED)
        return self if choice == "all" else self.filter(status=choice)

    def in_work_list_order(self, sort: str):
        """Sorted as a work list (worklist.SORTS); by name when the sort is unknown."""
        from .worklist import ordering

        order, needs_dates = ordering(sort)
        return (self.with_contact_summary() if needs_dates else self).order_by(*order)

    def with_contact_summary(self):
        """Last contact and next open follow-up, each one indexed subquery per row."""
        from peerwell.contacts.models import Contact, FollowUp

        # Attempts (no answer, a voicemail) are not contact.
        last = (
            Contact.objects.reached().filter(participant=OuterRef("pk")).order_by("-contact_date")
        )
        due = FollowUp.objects.filter(participant=OuterRef("pk"), done_at__isnull=True).order_by(
            "due_date"
        )
        return self.annotate(
            last_contact=Subquery(last.values("contact_date")[:1]),
            next_follow_up=Subquery(due.values("due_date")[:1]),
        )


class Participant(TenantModel):
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    preferred_name = models.CharField(
        _("preferred name"),
        max_length=100,
        blank=True,
        help_text=_("What they like to be called, if different."),
    )
    date_of_birth = models.DateField(_("date of birth"))
    phone = PhoneNumberField(_("phone"), blank=True)
    language = models.CharField(
        _("preferred language"), max_length=10, choices=Language.choices, default=Language.ENGLISH
    )
    notes = EncryptedTextField(_("notes"), blank=True)
    pronouns = models.CharField(_("pronouns"), max_length=40, blank=True)
    other_languages = models.CharField(_("other languages"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = EncryptedTextField(_("address"), blank=True)
    emergency_contact = models.CharField(_("emergency contact"), max_length=200, blank=True)
    emergency_contact_phone = PhoneNumberField(_("emergency contact phone"), blank=True)
    pathways = models.JSONField(_("recovery pathways"), default=list, blank=True)
    own_pathway = models.CharField(
        _("their own pathway, in their words"), max_length=300, blank=True
    )
    stage = models.CharField(
        _("stage relative to treatment"), max_length=10, choices=Stage.choices, blank=True
    )
    # Contact preferences: what a caller or a message may do and say.
    may_call = models.BooleanField(_("may call"), default=True)
    may_text = models.BooleanField(_("may text"), default=False)
    may_email = models.BooleanField(_("may email"), default=False)
    safe_times = models.CharField(_("safe times to call"), max_length=200, blank=True)
    voicemail_may_mention_program = models.BooleanField(
        _("a voicemail may mention the program"), default=False
    )
    text_may_mention_program = models.BooleanField(
        _("a text may mention the program"), default=False
    )
    referral_source = models.CharField(
        _("referred by"), max_length=20, choices=ReferralSource.choices, blank=True
    )
    # The signed consent to receive services (typed name, date, staff witness), and the
    # signature drawn on screen when there is one (SVG path data, see core.signature).
    services_consent_name = models.CharField(
        _("signed by (typed name)"), max_length=200, blank=True
    )
    services_consent_drawing = EncryptedTextField(_("drawn signature"), blank=True)
    services_consent_date = models.DateField(_("date signed"), null=True, blank=True)
    services_consent_witness = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Set when a supervisor merges this record into another; it then leaves every list.
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    assigned_peer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="caseload",
        verbose_name=_("assigned peer specialist"),
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    discharge_reason = models.CharField(
        _("discharge reason"), max_length=20, choices=DischargeReason.choices, blank=True
    )
    # Optimistic versioning: an edit based on an older version is refused, not merged.
    version = models.PositiveIntegerField(default=1)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        indexes = [
            # "All participants", alphabetical, per organization; partial, so that paging
            # through ids is an index-only scan (merged records are never listed).
            models.Index(
                fields=["organization", "last_name", "first_name", "id"],
                condition=Q(merged_into__isnull=True),
                name="participant_org_alpha",
            ),
            # Counting an organization's records for the list's page count: an index-only
            # scan of this small index, rather than a visit to each row for `merged_into`.
            models.Index(
                fields=["organization"],
                condition=Q(merged_into__isnull=True),
                name="participant_org_live",
            ),
            # "My caseload".
            models.Index(
                fields=["assigned_peer", "last_name", "first_name", "id"],
                condition=Q(merged_into__isnull=True),
                name="participant_caseload_alpha",
            ),
            # Possible duplicates of one person: similar dates of birth, or the same phone.
            models.Index(
                fields=["organization", "date_of_birth"],
                condition=Q(merged_into__isnull=True),
                name="participant_org_birth",
            ),
            models.Index(
                fields=["organization", "phone"],
                condition=Q(merged_into__isnull=True),
                name="participant_org_phone",
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        first = self.preferred_name or self.first_name
        return f"{first} {self.last_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def get_pathway_labels(self) -> list[str]:
        labels = dict(Pathway.choices)
        return [str(labels.get(code, code)) for code in self.pathways]


class StatusChange(TenantModel):
    """One step in a participant's status history (shown on their timeline)."""

    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="status_changes"
    )
    from_status = models.CharField(max_length=20, choices=Status.choices)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    reason = models.CharField(max_length=20, choices=DischargeReason.choices, blank=True)
    # Null for automatic changes (no contact for the organization's inactivity period).
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    objects = RecordQuerySet.as_manager()

    class Meta:
        ordering = ["-changed_at", "-id"]
        indexes = [
            models.Index(fields=["participant", "-changed_at"], name="status_participant_at")
        ]

    def __str__(self):
        return f"{self.participant_id}: {self.from_status} -> {self.to_status}"


class StageChange(TenantModel):
    """The history of a participant's stage relative to treatment."""

    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="stage_changes"
    )
    stage = models.CharField(max_length=10, choices=Stage.choices, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    objects = RecordQuerySet.as_manager()

    class Meta:
        ordering = ["-changed_at", "-id"]
        indexes = [models.Index(fields=["participant", "-changed_at"], name="stage_participant_at")]

    def __str__(self):
        return f"{self.participant_id}: {self.stage}"


class Assignment(TenantModel):
    """Who was the participant's peer specialist, from when to when."""

    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="assignments"
    )
    peer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(default=timezone.now)

    objects = RecordQuerySet.as_manager()

    class Meta:
        ordering = ["-assigned_at", "-id"]
        indexes = [
            models.Index(fields=["participant", "-assigned_at"], name="assignment_participant_at")
        ]

    def __str__(self):
        return f"{self.participant_id} -> {self.peer_id}"


class ParticipantVersion(RecordVersion):
    """The values a record had before an edit: who changed what, and when. Encrypted,
    since they hold the same details as the record."""

    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="versions")
    versioned_model = Participant

    class Meta(RecordVersion.Meta):
        constraints = [
            models.UniqueConstraint(fields=["participant", "version"], name="one_row_per_version")
        ]

    def __str__(self):
        return f"{self.participant_id} v{self.version}"


class FamilyMember(TenantModel):
    """A family member served in their own right; linked to participants explicitly."""

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    phone = PhoneNumberField(_("phone"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    notes = EncryptedTextField(_("notes"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Optimistic versioning, as for participants: a stale edit is refused, not merged.
    version = models.PositiveIntegerField(default=1)

    objects = RecordQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "id"]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"


class FamilyMemberVersion(RecordVersion):
    """A family member's details before an edit (encrypted: they include notes)."""

    family_member = models.ForeignKey(
        FamilyMember, on_delete=models.PROTECT, related_name="versions"
    )
    versioned_model = FamilyMember

    class Meta(RecordVersion.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["family_member", "version"], name="one_row_per_family_member_version"
            )
        ]

    def __str__(self):
        return f"{self.family_member_id} v{self.version}"


class FamilyLink(TenantModel):
    family_member = models.ForeignKey(FamilyMember, on_delete=models.PROTECT, related_name="links")
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="family_links"
    )
    relationship = models.CharField(_("relationship"), max_length=60)

    objects = RecordQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["family_member", "participant"], name="one_link_per_pair"
            )
        ]

    def __str__(self):
        return f"{self.family_member_id} ~ {self.participant_id}"


# Stored possible duplicates live in their own module; imported here so Django finds them.
from .models_duplicates import PossibleDuplicate  # noqa: E402, F401
