"""Referrals: a peer connects a participant to a service and follows it to the end
(closed-loop). A referral is part of the participant's record: read through
`visible_to` and opened through the record-opening path."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peerwell.core.fields import EncryptedTextField
from peerwell.core.tenancy import RecordQuerySet, TenantModel

FOLLOW_UP_AFTER_DAYS = 7


class Need(models.TextChoices):
    """What the referral is for. The directory's demo taxonomy uses these as term codes,
    so "need" means the same in search and in referrals."""

    HOUSING = "housing", _("Housing")
    EMPLOYMENT = "employment", _("Employment")
    EDUCATION = "education", _("Education")
    HEALTH_CARE = "health-care", _("Health care")
    MENTAL_HEALTH = "mental-health", _("Mental health")
    TREATMENT = "treatment", _("Treatment")
    RECOVERY_HOUSING = "recovery-housing", _("Recovery housing")
    BENEFITS = "benefits", _("Benefits")
    LEGAL = "legal", _("Legal help")
    CITIZENSHIP = "citizenship-restoration", _("Citizenship restoration")
    CHILD_CARE = "child-care", _("Child care")
    TRANSPORTATION = "transportation", _("Transportation")
    FAMILY = "family", _("Family")
    OTHER = "other", _("Other")


class ReferralKind(models.TextChoices):
    REFERRAL = "referral", _("Referral")
    # A first-class kind: someone who returned to use is offered treatment again, often
    # after a check-in call raised it (an escalation).
    BACK_TO_TREATMENT = "back-to-treatment", _("Referral back to treatment")


class ReferralStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    COMPLETED = "completed", _("Completed")
    NOT_COMPLETED = "not-completed", _("Not completed")


OPEN_STATUSES = (ReferralStatus.PROPOSED, ReferralStatus.SENT, ReferralStatus.ACCEPTED)
CLOSED_STATUSES = (
    ReferralStatus.DECLINED,
    ReferralStatus.COMPLETED,
    ReferralStatus.NOT_COMPLETED,
)
# The moment each status was reached is kept in its own column.
STATUS_DATE_FIELDS = {
    ReferralStatus.PROPOSED: "proposed_at",
    ReferralStatus.SENT: "sent_at",
    ReferralStatus.ACCEPTED: "accepted_at",
    ReferralStatus.DECLINED: "closed_at",
    ReferralStatus.COMPLETED: "closed_at",
    ReferralStatus.NOT_COMPLETED: "closed_at",
}


class ReferralQuerySet(RecordQuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def to_follow_up(self, on=None):
        """Sent or accepted, with the follow-up date come: on the peer's list until closed."""
        return self.filter(
            status__in=(ReferralStatus.SENT, ReferralStatus.ACCEPTED),
            follow_up_on__lte=on or timezone.localdate(),
        )


class Referral(TenantModel):
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="referrals"
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=ReferralKind.choices, default=ReferralKind.REFERRAL
    )
    # A service from the directory, or none when the provider was typed in.
    service = models.ForeignKey(
        "navigation.Service",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("service"),
    )
    # The provider's name as it was when referred (the directory's, or typed in), so the
    # record still reads right if the directory entry changes or goes.
    provider_name = models.CharField(_("provider"), max_length=300)
    provider_contact = models.CharField(_("provider's phone or email"), max_length=200, blank=True)
    need = models.CharField(_("need"), max_length=30, choices=Need.choices)
    note = EncryptedTextField(_("note"), blank=True)
    warm_handoff = models.BooleanField(_("warm hand-off"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.PROPOSED
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Why it was declined or not completed (the person's circumstances: encrypted).
    reason = EncryptedTextField(_("reason"), blank=True)
    follow_up_days = models.PositiveSmallIntegerField(
        _("follow up after (days)"), default=FOLLOW_UP_AFTER_DAYS
    )
    # Set when sent: sent date + follow_up_days. On the peer's follow-ups list from then
    # until the referral is closed.
    follow_up_on = models.DateField(null=True, blank=True)
    # The check-in escalation that raised a referral back to treatment, if any.
    escalation = models.ForeignKey(
        "checkins.Escalation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
    )
    # Set when the referral shared the participant's information (through disclose()).
    disclosure = models.ForeignKey(
        "consents.Disclosure", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="referrals_made"
    )
    version = models.PositiveIntegerField(default=1)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-proposed_at", "-id"]
        indexes = [
            models.Index(fields=["participant", "-proposed_at"], name="referral_participant"),
            # The follow-ups list: open referrals whose date has come.
            models.Index(
                fields=["organization", "follow_up_on"],
                condition=Q(status__in=("sent", "accepted")),
                name="referral_follow_up",
            ),
            # Figures: by need and status over a period.
            models.Index(fields=["organization", "proposed_at"], name="referral_org_time"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(need__in=Need.values), name="referral_need_known"),
            models.CheckConstraint(
                condition=Q(status__in=ReferralStatus.values), name="referral_status_known"
            ),
            models.CheckConstraint(
                condition=~Q(provider_name=""), name="referral_names_a_provider"
            ),
            models.CheckConstraint(
                condition=~Q(kind=ReferralKind.BACK_TO_TREATMENT) | Q(need=Need.TREATMENT),
                name="referral_back_to_treatment_is_treatment",
            ),
            models.CheckConstraint(
                condition=Q(escalation__isnull=True) | Q(kind=ReferralKind.BACK_TO_TREATMENT),
                name="referral_escalation_only_back_to_treatment",
            ),
            models.CheckConstraint(
                condition=Q(status__in=("proposed",))
                | Q(sent_at__isnull=False)
                | Q(status__in=("declined",)),
                name="referral_sent_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=("declined", "completed", "not-completed"))
                | Q(closed_at__isnull=False),
                name="referral_closed_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.get_need_display()}: {self.provider_name}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def days_to_handoff(self):
        """Back to treatment: the time from the escalation's flag to the hand-off (sent)."""
        if self.escalation_id and self.sent_at:
            return self.sent_at - self.escalation.raised_at
        return None
