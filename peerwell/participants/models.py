"""Participants: the people the organization serves."""

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from peerwell.core.fields import EncryptedTextField
from peerwell.core.tenancy import TenantModel, TenantQuerySet


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


class ParticipantQuerySet(TenantQuerySet):
    # Volunteers see participants only through their call list (Telephone Recovery
    # Support), and funders only aggregates: neither lists participants.
    visible_roles = frozenset({"admin", "supervisor", "peer"})

    def countable_by(self, user):
        """Funders count participants across organizations: the reports that use this
        return aggregates only, never rows, and suppress small counts."""
        if not getattr(user, "is_authenticated", False) or user.role != "funder":
            return self.none()
        return self.all()

    def possible_duplicates(self, *, first_name, last_name, date_of_birth, phone):
        """Same name and date of birth, or same phone: shown before enrolling."""
        same_person = Q(
            first_name__iexact=first_name, last_name__iexact=last_name, date_of_birth=date_of_birth
        )
        if phone:
            same_person |= Q(phone=phone)
        return self.filter(same_person).order_by("last_name", "first_name", "id")[:10]

    def caseload_of(self, user):
        return self.visible_to(user).filter(assigned_peer=user)

    def with_peer(self):
        return self.select_related("assigned_peer")

    def with_contact_summary(self):
        """Last contact and next open follow-up, each one indexed subquery per row."""
        from peerwell.contacts.models import Contact, FollowUp

        last = Contact.objects.filter(participant=OuterRef("pk")).order_by("-contact_date")
        due = FollowUp.objects.filter(participant=OuterRef("pk"), done_at__isnull=True).order_by(
            "due_date"
        )
        return self.annotate(
            last_contact=Subquery(last.values("contact_date")[:1]),
            next_follow_up=Subquery(due.values("due_date")[:1]),
        )


class StatusChangeQuerySet(TenantQuerySet):
    visible_roles = frozenset({"admin", "supervisor", "peer"})


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
            # "All participants", alphabetical, per organization.
            models.Index(fields=["organization", "last_name", "first_name", "id"]),
            # "My caseload".
            models.Index(fields=["assigned_peer", "last_name", "first_name", "id"]),
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


class StatusChange(TenantModel):
    """One step in a participant's status history (shown on their timeline)."""

    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="status_changes"
    )
    from_status = models.CharField(max_length=20, choices=Status.choices)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    reason = models.CharField(max_length=20, choices=DischargeReason.choices, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    objects = StatusChangeQuerySet.as_manager()
    timeline_kind = "status"

    class Meta:
        ordering = ["-changed_at", "-id"]
        indexes = [
            models.Index(fields=["participant", "-changed_at"], name="status_participant_at")
        ]

    def __str__(self):
        return f"{self.participant_id}: {self.from_status} -> {self.to_status}"

    @property
    def timeline_date(self):
        return timezone.localtime(self.changed_at).date()
