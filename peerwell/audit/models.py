"""The audit trail: append-only, one row per read or change of a participant's record,
per sign-in (and failure) and per refused access."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peerwell.core.appendonly import AppendOnlyModel, AppendOnlyQuerySet
from peerwell.core.tenancy import TenantQuerySet


class AuditAction(models.TextChoices):
    VIEW = "view", _("Viewed")
    LIST = "list", _("Listed")
    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    DELETE = "delete", _("Removed")
    EXPORT = "export", _("Exported")
    EMERGENCY = "emergency", _("Emergency access")
    SIGN_IN = "sign_in", _("Signed in")
    SIGN_IN_FAILED = "sign_in_failed", _("Sign-in failed")
    SECOND_FACTOR_FAILED = "mfa_failed", _("Second factor failed")
    SIGN_OUT = "sign_out", _("Signed out")
    REFUSED = "refused", _("Access refused")


class AuditQuerySet(AppendOnlyQuerySet, TenantQuerySet):
    visible_roles = frozenset({"admin", "supervisor"})

    def emergency_reasons(self, user, participant_ids) -> dict:
        """The reason the user gave, most recently, for emergency access to each of
        these records: their own rows only, in their own organization."""
        rows = self.filter(
            organization_id=user.organization_id,
            actor=user,
            action=AuditAction.EMERGENCY,
            participant_id__in=participant_ids,
        ).order_by("at", "id")
        return dict(rows.values_list("participant_id", "reason"))


class AuditEntry(AppendOnlyModel):
    at = models.DateTimeField(_("when"), default=timezone.now)
    # Null only for what belongs to no organization: failed sign-ins by an unknown
    # address, and funders (network-wide) and what is done to their accounts.
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, null=True, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    action = models.CharField(_("what"), max_length=20, choices=AuditAction.choices)
    model = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, null=True, related_name="+"
    )
    # Names of the fields changed, never their values.
    fields = models.JSONField(default=list, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    path = models.CharField(max_length=300, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        indexes = [
            # The three ways supervisors browse: everything, by participant, by staff member.
            models.Index(fields=["organization", "-at"], name="audit_org_at"),
            models.Index(fields=["participant", "-at"], name="audit_participant_at"),
            models.Index(fields=["actor", "-at"], name="audit_actor_at"),
            # The supervisors' list of emergency accesses: a few rows among millions.
            models.Index(
                fields=["organization", "-at"],
                condition=models.Q(action="emergency"),
                name="audit_emergency_at",
            ),
        ]
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.model} {self.object_id}"
