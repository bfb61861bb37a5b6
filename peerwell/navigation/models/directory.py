"""The resource directory, stored in the Open Referral HSDS 3.0 model.

One directory per deployment: a state network shares it, so these rows belong to no
organization, hold no participant data, and are read by every signed-in role (and by
the public HSDS API). Admins and supervisors edit them.

Each table keeps the HSDS UUID as its primary key, so re-importing the same data updates
rows in place. Columns hold the HSDS fields the pages and the API filter on or show; the
rest of a record's HSDS fields (funding, contacts, cost options, service areas, ...) are
kept as imported in `more`, so an export gives back what was imported.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# An entry not verified for this long is flagged on every page that shows it.
VERIFY_EVERY = timedelta(days=180)


class HsdsRecord(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # HSDS fields without a column here, as imported (JSON object).
    more = models.JSONField(default=dict, blank=True)
    # When the row last changed: the API's `modified_after`.
    modified_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        abstract = True


class VerifiedQuerySet(models.QuerySet):
    def stale(self, now=None):
        """Entries not verified in the last 180 days (or never)."""
        cutoff = (now or timezone.now()) - VERIFY_EVERY
        return self.filter(Q(verified_at__isnull=True) | Q(verified_at__lt=cutoff))


class Verified(models.Model):
    """Who last checked an entry against the provider, and when."""

    verified_at = models.DateTimeField(_("last verified"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    # Demo and imported entries nobody here has checked yet: "verify before use".
    verify_before_use = models.BooleanField(_("verify before use"), default=False)
    # Optimistic edits: a stale edit form is refused, never merged.
    version = models.PositiveIntegerField(default=1)

    objects = VerifiedQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_stale(self) -> bool:
        return self.verified_at is None or self.verified_at < timezone.now() - VERIFY_EVERY


class Taxonomy(HsdsRecord):
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    uri = models.URLField(max_length=500, blank=True)
    version = models.CharField(max_length=50, blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "taxonomies"

    def __str__(self):
        return self.name


class TaxonomyTerm(HsdsRecord):
    code = models.CharField(_("code"), max_length=100, blank=True, db_index=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="children"
    )
    taxonomy = models.ForeignKey(
        Taxonomy, on_delete=models.SET_NULL, null=True, blank=True, related_name="terms"
    )
    # HSDS's free-text `taxonomy` name, for terms without a taxonomy record.
    taxonomy_name = models.CharField(max_length=200, blank=True)
    language = models.CharField(max_length=20, blank=True)
    term_uri = models.URLField(max_length=500, blank=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class DirectoryOrganization(Verified, HsdsRecord):
    """An HSDS organization: a provider in the directory (not a tenant of Peerwell)."""

    name = models.CharField(_("name"), max_length=300)
    alternate_name = models.CharField(_("other name"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), max_length=500, blank=True)
    tax_status = models.CharField(max_length=100, blank=True)
    tax_id = models.CharField(max_length=100, blank=True)
    year_incorporated = models.PositiveIntegerField(null=True, blank=True)
    legal_status = models.CharField(max_length=100, blank=True)
    logo = models.CharField(max_length=500, blank=True)
    uri = models.URLField(max_length=500, blank=True)
    parent_organization_id = models.UUIDField(null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class ServiceStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")
    DEFUNCT = "defunct", _("Defunct")
    TEMPORARILY_CLOSED = "temporarily closed", _("Temporarily closed")


class Service(Verified, HsdsRecord):
    organization = models.ForeignKey(
        DirectoryOrganization,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="services",
        verbose_name=_("organization"),
    )
    program_id = models.UUIDField(null=True, blank=True)
    name = models.CharField(_("name"), max_length=300)
    alternate_name = models.CharField(_("other name"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("website"), max_length=500, blank=True)
    email = models.EmailField(_("email"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE
    )
    interpretation_services = models.TextField(_("interpretation"), blank=True)
    application_process = models.TextField(_("how to apply"), blank=True)
    fees_description = models.TextField(_("fees"), blank=True)
    wait_time = models.CharField(_("wait time"), max_length=200, blank=True)
    fees = models.TextField(blank=True)
    accreditations = models.TextField(blank=True)
    eligibility_description = models.TextField(_("who is eligible"), blank=True)
    minimum_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    assured_date = models.DateField(null=True, blank=True)
    assurer_email = models.EmailField(blank=True)
    licenses = models.TextField(blank=True)
    alert = models.TextField(_("alert"), blank=True)
    # HSDS's own `last_modified`, as the source gave it.
    last_modified = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["status", "name"], name="service_status_name")]

    def __str__(self):
        return self.name


class LocationType(models.TextChoices):
    PHYSICAL = "physical", _("A place to visit")
    POSTAL = "postal", _("Postal address")
    VIRTUAL = "virtual", _("Online or by phone")


class Location(HsdsRecord):
    location_type = models.CharField(
        _("kind of location"),
        max_length=20,
        choices=LocationType.choices,
        default=LocationType.PHYSICAL,
    )
    url = models.URLField(max_length=500, blank=True)
    organization = models.ForeignKey(
        DirectoryOrganization,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="locations",
    )
    name = models.CharField(_("name"), max_length=300, blank=True)
    alternate_name = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    transportation = models.TextField(_("getting there"), blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    external_identifier = models.CharField(max_length=200, blank=True)
    external_identifier_type = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name", "id"]
        # Distance search: a bounding box on latitude, then longitude.
        indexes = [models.Index(fields=["latitude", "longitude"], name="location_lat_lon")]

    def __str__(self):
        return self.name or str(self.id)


class ServiceAtLocation(HsdsRecord):
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="service_at_locations"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="service_at_locations"
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.service_id} at {self.location_id}"


class AddressType(models.TextChoices):
    PHYSICAL = "physical", _("Street address")
    POSTAL = "postal", _("Postal address")
    VIRTUAL = "virtual", _("Virtual")


class Address(HsdsRecord):
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="addresses")
    attention = models.CharField(max_length=200, blank=True)
    address_1 = models.CharField(_("street"), max_length=300)
    address_2 = models.CharField(_("street, line 2"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=200)
    region = models.CharField(max_length=200, blank=True)
    state_province = models.CharField(_("state"), max_length=100)
    postal_code = models.CharField(_("ZIP code"), max_length=20, db_index=True)
    country = models.CharField(max_length=2, default="US")
    address_type = models.CharField(
        max_length=20, choices=AddressType.choices, default=AddressType.PHYSICAL
    )

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "addresses"

    def __str__(self):
        return f"{self.address_1}, {self.city}"


class Phone(HsdsRecord):
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    organization = models.ForeignKey(
        DirectoryOrganization,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="phones",
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    # HSDS contacts are kept in `more`; a phone of a contact keeps its id.
    contact_id = models.UUIDField(null=True, blank=True)
    number = models.CharField(_("number"), max_length=50)
    extension = models.PositiveIntegerField(_("extension"), null=True, blank=True)
    type = models.CharField(_("kind"), max_length=20, blank=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.number


class Schedule(HsdsRecord):
    """When a service (or a location, or a service at a location) is open: an RFC 5545
    recurrence rule in HSDS's columns, plus the daily opening hours."""

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules"
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules"
    )
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    dtstart = models.DateField(null=True, blank=True)
    # HSDS's UTC offset; the site's time zone is used when it is absent.
    timezone = models.FloatField(null=True, blank=True)
    until = models.DateField(null=True, blank=True)
    count = models.PositiveIntegerField(null=True, blank=True)
    wkst = models.CharField(max_length=2, blank=True)
    freq = models.CharField(max_length=10, blank=True)  # WEEKLY or MONTHLY in HSDS 3.0
    interval = models.PositiveIntegerField(null=True, blank=True)
    byday = models.CharField(max_length=100, blank=True)  # e.g. "MO,TU" or "2TU"
    byweekno = models.CharField(max_length=100, blank=True)
    bymonthday = models.CharField(max_length=100, blank=True)
    byyearday = models.CharField(max_length=100, blank=True)
    description = models.TextField(_("hours in words"), blank=True)
    opens_at = models.TimeField(_("opens at"), null=True, blank=True)
    closes_at = models.TimeField(_("closes at"), null=True, blank=True)
    schedule_link = models.URLField(max_length=500, blank=True)
    attending_type = models.CharField(max_length=100, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.description or f"{self.freq} {self.byday}"


class OpenPeriod(models.Model):
    """A schedule's occurrences over the coming days, expanded from its rule in the site's
    time zone (dateutil's rrule, daylight saving included) and stored in UTC, so "open
    now" is one indexed range test. Rebuilt for a schedule when it is saved or imported,
    and for all of them daily by the worker."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="open_periods")
    schedule = models.ForeignKey(Schedule, on_delete=models.CASCADE, related_name="open_periods")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["service", "starts_at", "ends_at"], name="open_period_service"),
            models.Index(fields=["starts_at", "ends_at"], name="open_period_time"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="open_period_ends_after_start"
            )
        ]

    def __str__(self):
        return f"{self.starts_at:%Y-%m-%d %H:%M}-{self.ends_at:%H:%M}"


class Language(HsdsRecord):
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="languages"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="languages"
    )
    phone = models.ForeignKey(
        Phone, on_delete=models.CASCADE, null=True, blank=True, related_name="languages"
    )
    name = models.CharField(_("language"), max_length=100, blank=True)
    # ISO 639 code, lower case ("en", "es"): what the language filter matches.
    code = models.CharField(max_length=20, blank=True, db_index=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.name or self.code


class Attribute(HsdsRecord):
    """HSDS's link from any record to a taxonomy term. Links to a service also fill
    `service`, which search and the API filter on."""

    link_id = models.UUIDField()
    link_type = models.CharField(max_length=100, blank=True)
    link_entity = models.CharField(max_length=50)
    taxonomy_term = models.ForeignKey(
        TaxonomyTerm, on_delete=models.CASCADE, related_name="attributes"
    )
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="attributes"
    )
    value = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["taxonomy_term", "service"], name="attribute_term_service"),
            models.Index(fields=["link_entity", "link_id"], name="attribute_link"),
        ]

    def __str__(self):
        return f"{self.link_entity} {self.link_id}: {self.taxonomy_term_id}"
