"""Where and when the community meets: sites, the van, and recurring events whose
RFC 5545 rule is expanded by `community.recurrence` in the site's time zone."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peerwell.core.tenancy import TenantModel, TenantQuerySet

# Everyone who runs or helps run the community's events reads its schedule; funders never.
COMMUNITY_ROLES = frozenset({"admin", "supervisor", "peer", "volunteer"})
# Who plans it: sites, vans, events and their exceptions.
PLANNER_ROLES = frozenset({"admin", "supervisor", "peer"})


class CommunityQuerySet(TenantQuerySet):
    visible_roles = COMMUNITY_ROLES


class SiteKind(models.TextChoices):
    CENTER = "center", _("Recovery center")
    PARTNER = "partner", _("Partner site")
    VAN_STOP = "van_stop", _("Mobile van stop")


class Site(TenantModel):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind of site"), max_length=20, choices=SiteKind.choices)
    street = models.CharField(_("street address"), max_length=200, blank=True)
    city = models.CharField(_("town or city"), max_length=100)
    state = models.CharField(_("state"), max_length=2, default="NJ")
    postal_code = models.CharField(_("ZIP code"), max_length=10, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    # Events are expanded in this zone, so a 6 PM meeting stays at 6 PM across DST.
    time_zone = models.CharField(_("time zone"), max_length=64, default=settings.TIME_ZONE)
    # Partner sites: who to call there, and what was agreed (room, days, insurance).
    partner_contact = models.CharField(_("partner contact"), max_length=200, blank=True)
    partner_phone = models.CharField(_("partner phone"), max_length=40, blank=True)
    agreement_note = models.TextField(_("agreement"), blank=True)
    accessibility_notes = models.TextField(_("accessibility"), blank=True)
    active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = CommunityQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="site_name_unique"),
            models.CheckConstraint(
                condition=Q(kind__in=SiteKind.values), name="site_kind_is_known"
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="site_coordinates_valid",
            ),
        ]
        indexes = [models.Index(fields=["organization", "city"], name="site_org_city")]

    def __str__(self):
        return self.name


class Van(TenantModel):
    """A mobile recovery van: it can be at one stop at a time."""

    name = models.CharField(_("name"), max_length=100)
    active = models.BooleanField(_("in use"), default=True)

    objects = CommunityQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="van_name_unique")
        ]

    def __str__(self):
        return self.name


class EventKind(models.TextChoices):
    ALL_RECOVERY = "all_recovery", _("All Recovery Meeting")
    SUPPORT_GROUP = "support_group", _("Support group")
    LIFE_SKILLS = "life_skills", _("Life-skills class")
    SOCIAL = "social", _("Social or recreational activity")
    POP_UP = "pop_up", _("Pop-up recovery center")
    FAMILY = "family_group", _("Family group")
    TRAINING = "training", _("Training")


class LifeSkill(models.TextChoices):
    PARENTING = "parenting", _("Parenting")
    STRESS = "stress", _("Stress management")
    JOBS = "jobs", _("Resume and job skills")
    NUTRITION = "nutrition", _("Nutrition")
    SMOKING = "smoking", _("Smoking cessation")
    OTHER = "other", _("Other")


class EventLanguage(models.TextChoices):
    ENGLISH = "en", _("English")
    SPANISH = "es", _("Spanish")
    BOTH = "en_es", _("English and Spanish")


class Event(TenantModel):
    """One event or a recurring series. `rule` is an RFC 5545 RRULE (without DTSTART:
    `first_date` and `starts_at` give it, in the site's time zone); empty for a one-off."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind of event"), max_length=20, choices=EventKind.choices)
    life_skill = models.CharField(
        _("class topic"), max_length=20, choices=LifeSkill.choices, blank=True
    )
    # A support group's pathway (participants.Pathway); blank for every pathway.
    pathway = models.CharField(_("pathway"), max_length=20, blank=True)
    description = models.TextField(_("description"), blank=True)
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="events", verbose_name=_("site")
    )
    van = models.ForeignKey(
        Van,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("van"),
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("facilitator"),
    )
    language = models.CharField(
        _("language"), max_length=5, choices=EventLanguage.choices, default=EventLanguage.ENGLISH
    )
    capacity = models.PositiveSmallIntegerField(_("capacity"), null=True, blank=True)
    accessibility_notes = models.TextField(_("accessibility"), blank=True)
    # Shown on the public schedule and in its feeds; trainings may be staff-only.
    is_public = models.BooleanField(_("on the public schedule"), default=True)
    first_date = models.DateField(_("first date"))
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))
    rule = models.CharField(_("repeats"), max_length=300, blank=True)
    # A class: people enrol, and complete it by attending this many of its sessions.
    sessions_to_complete = models.PositiveSmallIntegerField(
        _("sessions to complete"), null=True, blank=True
    )
    archived_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = CommunityQuerySet.as_manager()

    class Meta:
        ordering = ["first_date", "starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_it_starts"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=EventKind.values), name="event_kind_is_known"
            ),
            models.CheckConstraint(
                condition=Q(life_skill="") | Q(kind="life_skills"),
                name="event_topic_only_for_classes",
            ),
            models.CheckConstraint(
                condition=Q(sessions_to_complete__isnull=True) | Q(sessions_to_complete__gte=1),
                name="event_completion_rule_positive",
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="event_capacity_positive",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "archived_at"], name="event_org_current"),
            models.Index(fields=["van", "archived_at"], name="event_van_current"),
            models.Index(fields=["facilitator"], name="event_facilitator"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_class(self) -> bool:
        return self.sessions_to_complete is not None


class EventChange(TenantModel):
    """An exception to a series: one occurrence cancelled, or moved to another date or
    time. Keyed by the occurrence's original date (iCalendar's RECURRENCE-ID)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="changes")
    original_date = models.DateField(_("date it was due"))
    cancelled = models.BooleanField(_("cancelled"), default=False)
    new_date = models.DateField(_("new date"), null=True, blank=True)
    new_starts_at = models.TimeField(_("new start time"), null=True, blank=True)
    new_ends_at = models.TimeField(_("new end time"), null=True, blank=True)
    # Shown to the public beside a cancelled or moved occurrence ("Holiday").
    note = models.CharField(_("note for the public"), max_length=200, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    objects = CommunityQuerySet.as_manager()

    class Meta:
        ordering = ["original_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "original_date"], name="event_change_once_per_date"
            ),
            # A moved occurrence has its new date and times; a cancelled one has none.
            models.CheckConstraint(
                condition=Q(
                    cancelled=True,
                    new_date__isnull=True,
                    new_starts_at__isnull=True,
                    new_ends_at__isnull=True,
                )
                | Q(
                    cancelled=False,
                    new_date__isnull=False,
                    new_starts_at__isnull=False,
                    new_ends_at__isnull=False,
                    new_ends_at__gt=F("new_starts_at"),
                ),
                name="event_change_cancelled_or_moved",
            ),
        ]
