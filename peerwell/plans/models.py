"""Recovery Wellness Plans: made with the participant, from their strengths, across
SAMHSA's four dimensions of recovery (Health, Home, Community, Purpose), with a plan for
a recurrence of symptoms. Free text is the person's own words about their life, so it
is stored encrypted."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peerwell.core.fields import EncryptedTextField
from peerwell.core.tenancy import RecordQuerySet, TenantModel
from peerwell.core.versions import RecordVersion

REVIEW_AFTER = timedelta(days=90)


class Dimension(models.TextChoices):
    HEALTH = "health", _("Health")
    HOME = "home", _("Home")
    COMMUNITY = "community", _("Community")
    PURPOSE = "purpose", _("Purpose")


# SAMHSA's words for each dimension, shown as a hint on the form and the printout.
DIMENSION_HELP = {
    Dimension.HEALTH: _("Managing one's health and making choices that support well-being."),
    Dimension.HOME: _("A stable and safe place to live."),
    Dimension.COMMUNITY: _(
        "Relationships and social networks that give support, friendship, love and hope."
    ),
    Dimension.PURPOSE: _(
        "Meaningful daily activities: a job, school, volunteering, family "
        "caretaking, creative work, and the means to take part in society."
    ),
}
# The field holding "where they are now" for each dimension.
NOW_FIELDS = {dimension: f"{dimension}_now" for dimension in Dimension.values}


class Who(models.TextChoices):
    PARTICIPANT = "participant", _("The participant")
    PEER = "peer", _("The peer")
    OTHER = "other", _("Someone else")


class StepStatus(models.TextChoices):
    OPEN = "open", _("To do")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class WellnessPlanQuerySet(RecordQuerySet):
    def current(self):
        return self.filter(is_current=True)

    def with_goals(self):
        """Goals and their steps, in order, in two more queries."""
        return self.prefetch_related(
            models.Prefetch(
                "goals",
                queryset=Goal.objects.order_by("position", "id").prefetch_related(
                    models.Prefetch("steps", queryset=Step.objects.order_by("position", "id"))
                ),
            )
        )


def current_plan(user, participant, *, goals=False):
    """The participant's current plan as `user` may see it, or None."""
    plans = WellnessPlan.objects.visible_to(user).current().filter(participant=participant)
    return (plans.with_goals() if goals else plans).first()


class WellnessPlan(TenantModel):
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="wellness_plans"
    )
    # Only the current plan is shown and edited; a replaced one stays for the record.
    is_current = models.BooleanField(default=True)
    strengths = EncryptedTextField(_("strengths"), blank=True)
    health_now = EncryptedTextField(_("health: where they are now"), blank=True)
    home_now = EncryptedTextField(_("home: where they are now"), blank=True)
    community_now = EncryptedTextField(_("community: where they are now"), blank=True)
    purpose_now = EncryptedTextField(_("purpose: where they are now"), blank=True)
    barriers = EncryptedTextField(_("barriers"), blank=True)
    # The plan for a recurrence of symptoms.
    triggers = EncryptedTextField(_("triggers"), blank=True)
    warning_signs = EncryptedTextField(_("early warning signs"), blank=True)
    what_helps = EncryptedTextField(_("what helps"), blank=True)
    people_to_call = EncryptedTextField(_("people to call, with their numbers"), blank=True)
    support_wanted = EncryptedTextField(_("support they want from the program"), blank=True)
    started_on = models.DateField(_("started on"))
    review_on = models.DateField(_("review on"))
    reviewed_on = models.DateField(_("last reviewed on"), null=True, blank=True)
    # The participant's agreement: typed name, drawn signature (optional), date, and the
    # version they agreed to (a later edit is shown as "changed since they agreed").
    agreed_name = models.CharField(_("agreed by (typed name)"), max_length=200, blank=True)
    agreed_drawing = EncryptedTextField(_("drawn signature"), blank=True)
    agreed_on = models.DateField(_("agreed on"), null=True, blank=True)
    agreed_version = models.PositiveIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Optimistic versioning, as for participants: a stale edit is refused, never merged.
    version = models.PositiveIntegerField(default=1)

    objects = WellnessPlanQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["participant"], condition=Q(is_current=True), name="one_current_plan"
            ),
            models.CheckConstraint(
                condition=Q(review_on__gte=F("started_on")), name="plan_review_after_start"
            ),
        ]
        indexes = [
            # Plans due for review, for the follow-up list of each peer's caseload.
            models.Index(
                fields=["organization", "review_on"],
                condition=Q(is_current=True),
                name="plan_review_due",
            ),
        ]

    def __str__(self):
        return f"{self.participant_id} plan {self.started_on}"

    @property
    def review_is_due(self) -> bool:
        return self.review_on <= timezone.localdate()

    @property
    def agreed_to_this_version(self) -> bool:
        return bool(self.agreed_on) and self.agreed_version == self.version


class Goal(TenantModel):
    plan = models.ForeignKey(WellnessPlan, on_delete=models.CASCADE, related_name="goals")
    dimension = models.CharField(_("dimension"), max_length=20, choices=Dimension.choices)
    text = EncryptedTextField(_("goal"))
    position = models.PositiveSmallIntegerField(default=0)

    objects = RecordQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(dimension__in=Dimension.values), name="goal_dimension_is_known"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="goal_has_text"),
        ]

    def __str__(self):
        return f"{self.get_dimension_display()} goal {self.pk}"


class StepQuerySet(RecordQuerySet):
    def open(self):
        return self.filter(status=StepStatus.OPEN)


class Step(TenantModel):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="steps")
    # Copied from the goal's plan so that the database itself can refuse a step due
    # before the plan began, and the follow-up list finds a caseload's steps by index.
    plan = models.ForeignKey(WellnessPlan, on_delete=models.CASCADE, related_name="steps")
    plan_started_on = models.DateField()
    who = models.CharField(_("who"), max_length=20, choices=Who.choices, default=Who.PARTICIPANT)
    who_name = models.CharField(_("their name"), max_length=200, blank=True)
    what = EncryptedTextField(_("what"))
    due_on = models.DateField(_("by when"), null=True, blank=True)
    status = models.CharField(max_length=10, choices=StepStatus.choices, default=StepStatus.OPEN)
    done_at = models.DateTimeField(null=True, blank=True)
    rescheduled_from = models.DateField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    objects = StepQuerySet.as_manager()

    class Meta:
        ordering = ["goal", "position", "id"]
        indexes = [
            # Open steps with a due date, for the follow-up list.
            models.Index(
                fields=["plan", "due_on"],
                condition=Q(status="open", due_on__isnull=False),
                name="step_open_due",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__isnull=True) | Q(due_on__gte=F("plan_started_on")),
                name="step_due_after_plan_start",
            ),
            models.CheckConstraint(
                condition=Q(status__in=StepStatus.values), name="step_status_is_known"
            ),
            models.CheckConstraint(
                condition=~Q(who="other") | ~Q(who_name=""), name="step_someone_else_is_named"
            ),
            models.CheckConstraint(condition=~Q(what=""), name="step_has_text"),
        ]

    def __str__(self):
        return f"step {self.pk} of goal {self.goal_id}"

    @property
    def who_label(self) -> str:
        if self.who == Who.OTHER:
            return self.who_name
        return str(dict(Who.choices).get(self.who, self.who))


class PlanVersion(RecordVersion):
    """A plan's values before an edit, with its goals and steps as they were ("goals" in
    the earlier values), so two versions can be compared."""

    plan = models.ForeignKey(WellnessPlan, on_delete=models.PROTECT, related_name="versions")
    versioned_model = WellnessPlan

    class Meta(RecordVersion.Meta):
        constraints = [
            models.UniqueConstraint(fields=["plan", "version"], name="one_row_per_plan_version")
        ]

    def __str__(self):
        return f"{self.plan_id} v{self.version}"
