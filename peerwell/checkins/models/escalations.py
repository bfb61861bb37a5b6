"""Escalations a call raises, and each organization's check-in rules."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from peerwell.core.fields import EncryptedTextField
from peerwell.core.tenancy import RecordQuerySet, TenantModel

from .calls import CheckInCall


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
