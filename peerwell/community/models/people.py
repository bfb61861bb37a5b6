"""The people who run the community's work: volunteer hours, staff certifications, and
the instrumental help given (rides, child care, clothing)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peerwell.core.tenancy import TenantModel, TenantQuerySet

from .attendance import Session
from .schedule import COMMUNITY_ROLES, Site


class OwnOrAllQuerySet(TenantQuerySet):
    """Supervisors and admins see everyone's rows; peers and volunteers their own."""

    visible_roles = COMMUNITY_ROLES
    owner_field = "person"

    def visible_to(self, user):
        rows = super().visible_to(user)
        if getattr(user, "role", None) in {"admin", "supervisor"}:
            return rows
        # No user (the scoping test asks with None): the owner filter matches nothing.
        return rows.filter(**{f"{self.owner_field}_id": getattr(user, "pk", None)})


class Program(models.TextChoices):
    TRS = "trs", _("Telephone Recovery Support")
    GROUPS = "groups", _("Meetings and groups")
    POP_UP = "pop_up", _("Pop-up recovery centers")
    CENTER = "center", _("Recovery center")
    OUTREACH = "outreach", _("Outreach")
    OTHER = "other", _("Other")


class HoursSource(models.TextChoices):
    LOGGED = "logged", _("Logged by the volunteer")
    CALLS = "calls", _("Check-in calls made")
    EVENT = "event", _("Event facilitated")


class HoursStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


class VolunteerHours(TenantModel):
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    worked_on = models.DateField(_("date"))
    minutes = models.PositiveSmallIntegerField(_("minutes"))
    program = models.CharField(_("program"), max_length=20, choices=Program.choices)
    what = models.CharField(_("what you did"), max_length=200, blank=True)
    source = models.CharField(max_length=20, choices=HoursSource.choices)
    # Derived hours say where they came from ("calls:2026-11-20", "session:42"), so
    # deriving them again never counts twice.
    source_key = models.CharField(max_length=60, blank=True)
    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        max_length=20, choices=HoursStatus.choices, default=HoursStatus.PENDING
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.CharField(_("why it was returned"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = OwnOrAllQuerySet.as_manager()

    class Meta:
        ordering = ["-worked_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=1, minutes__lte=24 * 60), name="hours_within_a_day"
            ),
            models.UniqueConstraint(
                fields=["person", "source_key"],
                condition=~Q(source_key=""),
                name="hours_derived_once",
            ),
            models.CheckConstraint(
                condition=Q(status="pending", reviewed_at__isnull=True)
                | (~Q(status="pending") & Q(reviewed_at__isnull=False)),
                name="hours_reviewed_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "status", "worked_on"], name="hours_org_status"),
            models.Index(fields=["person", "-worked_on"], name="hours_person_date"),
        ]


class CertificationQuerySet(OwnOrAllQuerySet):
    owner_field = "holder"


class Certification(TenantModel):
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("who holds it"),
    )
    name = models.CharField(_("certification"), max_length=200)
    issuing_body = models.CharField(_("issued by"), max_length=200)
    number = models.CharField(_("certificate number"), max_length=60, blank=True)
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"))
    ce_hours_required = models.DecimalField(
        _("continuing-education hours needed"), max_digits=5, decimal_places=1, default=0
    )
    ce_hours_done = models.DecimalField(
        _("continuing-education hours done"), max_digits=5, decimal_places=1, default=0
    )
    # The expiry notices sent (60 and 30 days before), so the daily job sends each once.
    notice_60_sent_on = models.DateField(null=True, blank=True)
    notice_30_sent_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = CertificationQuerySet.as_manager()

    class Meta:
        ordering = ["expires_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__gt=F("issued_on")),
                name="certification_expires_after_issue",
            ),
            models.CheckConstraint(
                condition=Q(ce_hours_required__gte=0, ce_hours_done__gte=0),
                name="certification_hours_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["organization", "expires_on"], name="certification_expiry")]

    def __str__(self):
        return self.name


class HelpKind(models.TextChoices):
    RIDE = "ride", _("Ride")
    CHILD_CARE = "child_care", _("Child care")
    CLOTHING = "clothing", _("Clothing closet items")
    OTHER = "other", _("Other")


class HelpQuerySet(TenantQuerySet):
    # Volunteers hand out clothes and give rides; they log anonymous counts. Rows naming a
    # participant are part of the record: only the record-keeping roles see them.
    visible_roles = COMMUNITY_ROLES

    def visible_to(self, user):
        rows = super().visible_to(user)
        if getattr(user, "role", None) == "volunteer":
            return rows.filter(participant__isnull=True)
        return rows


class InstrumentalHelp(TenantModel):
    kind = models.CharField(_("kind of help"), max_length=20, choices=HelpKind.choices)
    quantity = models.PositiveSmallIntegerField(_("how many"), default=1)
    given_on = models.DateField(_("date"))
    # Empty for an anonymous count; otherwise the instrumental contact logged for them.
    participant = models.ForeignKey(
        "participants.Participant",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    contact = models.OneToOneField(
        "contacts.Contact", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    site = models.ForeignKey(
        Site,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("where"),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = HelpQuerySet.as_manager()

    class Meta:
        ordering = ["-given_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="help_quantity_positive"),
            models.CheckConstraint(
                condition=Q(kind__in=HelpKind.values), name="help_kind_is_known"
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "given_on"], name="help_org_date"),
            models.Index(fields=["participant"], name="help_participant"),
        ]
