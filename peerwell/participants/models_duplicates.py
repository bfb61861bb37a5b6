"""Stored pairs of records that may be one person, kept by the participants' actions
(see `pairs`) so the supervisors' list reads a few rows instead of comparing every
record of the organization on each request."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peerwell.core.tenancy import RecordQuerySet, TenantModel

PARTICIPANT = "participants.Participant"


class MatchReason(models.TextChoices):
    PHONE = "phone", _("The same phone")
    NAME_AND_BIRTH = "name_and_birth", _("A similar name and date of birth")


class PossibleDuplicateQuerySet(RecordQuerySet):
    def visible_to(self, user):
        # Both records as the user may see them: a pair never names a record they cannot.
        from .models import Participant

        # Each record looked up by its number (an index), rather than a list of every
        # record the user may see: the cost follows the pairs, not the organization.
        visible = Participant.objects.visible_to(user)
        return (
            super()
            .visible_to(user)
            .filter(
                Exists(visible.filter(pk=OuterRef("older_id"))),
                Exists(visible.filter(pk=OuterRef("newer_id"))),
            )
        )

    def undecided(self):
        """Not yet judged to be two people."""
        return self.filter(judged_different_at__isnull=True)


class PossibleDuplicate(TenantModel):
    """Two records of one organization that may be one person: `older` was enrolled
    first (the lower number), so the pair is stored once."""

    # Derived rows: they go with either record, should one ever be deleted.
    older = models.ForeignKey(PARTICIPANT, on_delete=models.CASCADE, related_name="+")
    newer = models.ForeignKey(PARTICIPANT, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("why they matched"), max_length=20, choices=MatchReason.choices)
    found_at = models.DateTimeField(default=timezone.now)
    # "Not the same person": the pair leaves the list and is never suggested again.
    judged_different_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    judged_different_at = models.DateTimeField(null=True, blank=True)

    objects = PossibleDuplicateQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(older__lt=F("newer")), name="possible_duplicate_in_order"
            ),
            models.UniqueConstraint(
                fields=["older", "newer"], name="one_row_per_possible_duplicate"
            ),
            models.CheckConstraint(
                condition=Q(judged_different_at__isnull=True, judged_different_by__isnull=True)
                | Q(judged_different_at__isnull=False, judged_different_by__isnull=False),
                name="possible_duplicate_judged_by_someone",
            ),
        ]
        indexes = [
            # The pairs of one record, found again when it is edited or merged.
            models.Index(fields=["newer"], name="possible_duplicate_newer"),
        ]

    def __str__(self):
        return f"{self.newer_id} ~ {self.older_id}"
