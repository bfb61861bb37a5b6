"""What the funders' report reads: live participants per organization and language,
kept by the database itself (see counts.py), so the report reads a few hundred rows
rather than counting every participant in the state."""

from django.db import models

from peerwell.participants.models import Language


class ParticipantCountQuerySet(models.QuerySet):
    def countable_by(self, user):
        """Funders only: the report built on these suppresses small counts."""
        if not getattr(user, "is_authenticated", False) or user.role != "funder":
            return self.none()
        return self.all()


class ParticipantCount(models.Model):
    """How many participants, not merged into another record, an organization has with
    this preferred language. Written only by the triggers on the participant table and
    by `counts.recount`, never by the application."""

    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.CASCADE, related_name="+"
    )
    language = models.CharField(max_length=10, choices=Language.choices)
    # Positive: a count below zero would mean a trigger missed a row, so the write fails.
    participants = models.PositiveIntegerField(default=0)

    objects = ParticipantCountQuerySet.as_manager()

    class Meta:
        constraints = [
            # The triggers add to a count with INSERT ... ON CONFLICT on this key.
            models.UniqueConstraint(
                fields=["organization", "language"], name="participant_count_key"
            ),
        ]

    def __str__(self):
        return f"{self.organization_id} {self.language}: {self.participants}"
