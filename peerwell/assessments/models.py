"""Assessments: administrations of an instrument (the BARC-10 first) and the schedules
that say when each is due.

An instrument is data, not code: its items, scale, scoring and thresholds come from a
definition file in `instruments/` (see `instruments.py`); a row here names the instrument
and the version of the definition it was answered against."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peerwell.core.appendonly import AppendOnlyModel, AppendOnlyQuerySet
from peerwell.core.fields import EncryptedTextField
from peerwell.core.tenancy import RecordQuerySet, TenantModel, TenantQuerySet


class AdministrationQuerySet(RecordQuerySet):
    def complete(self):
        return self.filter(complete=True)


class Administration(TenantModel):
    """One sitting of an instrument with a participant. Saved even when items are
    missing: then it is incomplete and never scored as complete."""

    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="assessments"
    )
    instrument = models.CharField(_("instrument"), max_length=40)
    instrument_version = models.CharField(max_length=20)
    administered_on = models.DateField(_("date"))
    administered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # {item id: answer}, as JSON text, encrypted: the answers say a lot about a person.
    answers = EncryptedTextField(default="{}")
    answered = models.PositiveSmallIntegerField(default=0)
    complete = models.BooleanField(default=False)
    # The score, only when complete (scored by the instrument's rule).
    total = models.PositiveSmallIntegerField(null=True, blank=True)
    # The schedule's timepoint this administration fulfils ("Intake", "6 months"), if any.
    timepoint = models.CharField(_("timepoint"), max_length=60, blank=True)
    notes = EncryptedTextField(_("notes"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = AdministrationQuerySet.as_manager()

    class Meta:
        ordering = ["-administered_on", "-id"]
        indexes = [
            # A participant's trend, newest first.
            models.Index(
                fields=["participant", "instrument", "-administered_on"],
                name="administration_trend",
            ),
            # The organization's distribution of latest scores and change from intake.
            models.Index(
                fields=["organization", "instrument", "administered_on"],
                condition=Q(complete=True),
                name="administration_org_scores",
            ),
        ]
        constraints = [
            # A total exactly when complete: an incomplete one is never scored.
            models.CheckConstraint(
                condition=Q(complete=True, total__isnull=False)
                | Q(complete=False, total__isnull=True),
                name="administration_total_when_complete",
            ),
        ]

    def __str__(self):
        return f"{self.instrument} {self.administered_on}"


class Anchor(models.TextChoices):
    INTAKE = "intake", _("Intake")
    DISCHARGE = "discharge", _("Discharge")


class ScheduleRuleQuerySet(TenantQuerySet):
    visible_roles = frozenset({"admin", "supervisor", "peer"})


class ScheduleRule(TenantModel):
    """When an instrument is due, relative to intake or discharge, with its window; an
    organization's rules are loaded from a shipped schedule file and may be changed."""

    # Rules of one schedule belong together ("Recovery capital", "SUPRT timepoints").
    schedule = models.CharField(_("schedule"), max_length=60)
    instrument = models.CharField(_("instrument"), max_length=40)
    label = models.CharField(_("timepoint"), max_length=60)
    anchor = models.CharField(_("counted from"), max_length=10, choices=Anchor.choices)
    offset_days = models.PositiveSmallIntegerField(_("days after"))
    window_before = models.PositiveSmallIntegerField(_("days early allowed"), default=0)
    window_after = models.PositiveSmallIntegerField(_("days late allowed"), default=0)
    # "Then every 180 days": the rule repeats from its offset.
    repeat_days = models.PositiveSmallIntegerField(_("then every (days)"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    objects = ScheduleRuleQuerySet.as_manager()

    class Meta:
        ordering = ["schedule", "position", "offset_days", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "schedule", "label"], name="one_rule_per_timepoint"
            ),
            models.CheckConstraint(
                condition=Q(repeat_days__isnull=True) | Q(repeat_days__gte=7),
                name="schedule_repeat_at_least_weekly",
            ),
        ]

    def __str__(self):
        return f"{self.schedule}: {self.label}"


class DisclosedAdministrationQuerySet(AppendOnlyQuerySet, RecordQuerySet):
    pass


class DisclosedAdministration(AppendOnlyModel, TenantModel):
    """Which administration a disclosure of "assessments" sent (as FHIR), so the file can
    be fetched again under that disclosure, and only that one. Append-only, like the
    accounting of disclosures it belongs to."""

    disclosure = models.OneToOneField(
        "consents.Disclosure", on_delete=models.PROTECT, related_name="+"
    )
    administration = models.ForeignKey(
        Administration, on_delete=models.PROTECT, related_name="disclosures"
    )

    objects = DisclosedAdministrationQuerySet.as_manager()

    def __str__(self):
        return f"{self.administration_id} in disclosure {self.disclosure_id}"
