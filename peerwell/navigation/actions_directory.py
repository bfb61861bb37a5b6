"""Writes to the shared resource directory: a service's entry saved from the entry form,
and "I checked this today". Admins and supervisors of any organization make them; each
is audited under the editor's organization."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from peerwell.audit.actions import record
from peerwell.core.versions import claim_version

from .models import (
    Address,
    Attribute,
    DirectoryOrganization,
    Language,
    Location,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
)
from .opening import refresh_open_periods
from .testing import NEEDS_TAXONOMY, need_term

SCHEDULE_COLUMNS = (
    "freq",
    "interval",
    "byday",
    "bymonthday",
    "byweekno",
    "byyearday",
    "wkst",
    "count",
    "opens_at",
    "closes_at",
    "description",
)


def first_schedule(service):
    return (
        Schedule.objects.filter(Q(service=service) | Q(service_at_location__service=service))
        .order_by("id")
        .first()
    )


def first_location(service):
    at = service.service_at_locations.select_related("location").order_by("id").first()
    return at.location if at else None


@transaction.atomic
def save_service(
    *,
    by,
    service: Service | None = None,
    version: int = 0,
    organization_name: str,
    fields: dict,
    phone: str = "",
    address: dict | None = None,
    schedule: dict | None = None,
    languages=(),
    needs=(),
) -> Service:
    """Adds a service to the directory, or saves the edit of one (refused with
    EditConflict when someone saved it since the form was opened). The user sees the
    entry with its new hours, "open now" included."""
    now = timezone.now()
    if service is not None:
        claim_version(service, version, ())
    organization = (
        DirectoryOrganization.objects.filter(name__iexact=organization_name.strip())
        .order_by("id")
        .first()
    )
    if organization is None:
        organization = DirectoryOrganization.objects.create(
            name=organization_name.strip(), modified_at=now
        )
    created = service is None
    service = service or Service()
    for name, value in fields.items():
        setattr(service, name, value)
    service.organization = organization
    service.modified_at = now
    service.save()
    _save_phone(service, phone, now)
    _save_address(service, organization, address, now)
    _save_schedule(service, schedule, now)
    _save_languages(service, set(languages), now)
    _save_needs(service, set(needs), now)
    refresh_open_periods(service_ids=[service.id])
    record(
        actor=by,
        organization=by.organization,
        action="create" if created else "update",
        obj=service,
        fields=sorted(fields),
    )
    return service


def _save_phone(service, number, now):
    current = service.phones.order_by("id").first()
    if not number:
        if current:
            current.delete()
    elif current is None:
        Phone.objects.create(service=service, number=number, modified_at=now)
    elif current.number != number:
        current.number, current.modified_at = number, now
        current.save(update_fields=["number", "modified_at"])


def _save_address(service, organization, address, now):
    place = first_location(service)
    if not address:
        if place:
            place.addresses.all().delete()
        return
    if place is None:
        place = Location.objects.create(
            organization=organization, name=service.name, modified_at=now
        )
        ServiceAtLocation.objects.create(service=service, location=place, modified_at=now)
    current = place.addresses.order_by("id").first() or Address(location=place)
    for name, value in address.items():
        setattr(current, name, value)
    current.modified_at = now
    current.save()


def _save_schedule(service, columns, now):
    current = first_schedule(service)
    if columns is None:
        if current:
            current.delete()
        return
    current = current or Schedule(service=service)
    for name in SCHEDULE_COLUMNS:
        default = None if name in ("interval", "count", "opens_at", "closes_at") else ""
        setattr(current, name, columns.get(name, default))
    current.modified_at = now
    current.save()


def _save_languages(service, codes, now):
    service.languages.exclude(code__in=codes).delete()
    have = set(service.languages.values_list("code", flat=True))
    Language.objects.bulk_create(
        Language(service=service, code=code, modified_at=now) for code in sorted(codes - have)
    )


def _save_needs(service, needs, now):
    terms = {need: need_term(need) for need in needs}
    linked = Attribute.objects.filter(service=service, link_entity="service")
    linked.filter(taxonomy_term__taxonomy__name=NEEDS_TAXONOMY).exclude(
        taxonomy_term__in=terms.values()
    ).delete()
    have = set(linked.values_list("taxonomy_term_id", flat=True))
    Attribute.objects.bulk_create(
        Attribute(
            link_id=service.id,
            link_entity="service",
            taxonomy_term=term,
            service=service,
            modified_at=now,
        )
        for term in terms.values()
        if term.pk not in have
    )


@transaction.atomic
def verify_service(*, by, service: Service) -> None:
    """ "I checked this today": the entry shows who checked it and when, and loses its
    "verify before use" and "not verified in 180 days" flags."""
    Service.objects.filter(pk=service.pk).update(
        verified_at=timezone.now(), verified_by=by, verify_before_use=False
    )
    record(
        actor=by,
        organization=by.organization,
        action="update",
        obj=service,
        fields=["verified_at", "verified_by", "verify_before_use"],
    )
