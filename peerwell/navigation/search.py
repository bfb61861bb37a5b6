"""Directory search for a peer on a phone: words, need, language spoken, open now, and
distance from a ZIP code. One query finds a page of services in the database, whatever
the size of the directory; three more fill in the page's rows (locations, phones, open
now).

Words use the engine's own index (words.py). Distance narrows on a bounding box of
Location(latitude, longitude), which is indexed, then orders by an equirectangular
approximation in plain SQL arithmetic (the same on both engines); the miles shown are
the great-circle distance, computed in Python for the page's rows only."""

import math
import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import Exists, F, FloatField, Min, OuterRef, Q
from django.db.models.expressions import ExpressionWrapper, RawSQL
from django.utils import timezone

from . import zipcodes
from .models import (
    Attribute,
    Language,
    OpenPeriod,
    Phone,
    Service,
    ServiceAtLocation,
    ServiceStatus,
)
from .words import FTS_TABLE, VECTOR_SQL, WORDS_TABLE

# Services a peer can still send someone to.
SHOWN_STATUSES = (ServiceStatus.ACTIVE, ServiceStatus.TEMPORARILY_CLOSED)
MAX_WORDS = 8


@dataclass(frozen=True)
class DirectoryQuery:
    words: str = ""
    need: str = ""
    language: str = ""
    open_now: bool = False
    # (latitude, longitude) of the place to search near, and how far.
    origin: tuple[float, float] | None = None
    miles: int = 10


def search_words(text: str) -> list[str]:
    """The words of a search, lower-cased, letters and digits only (so nothing typed can
    be read as index syntax). Single letters are dropped: the "s" of "job's" would
    otherwise have to start a word of the service."""
    return [w for w in re.findall(r"[^\W_]+", text.lower()) if len(w) > 1][:MAX_WORDS]


def _words_filter(words: list[str]) -> Q:
    """Services whose name, other name or description hold every word (as a prefix:
    "hous" finds "housing")."""
    if connection.vendor == "postgresql":
        query = " & ".join(f"{w}:*" for w in words)
        sql = (
            f'SELECT "navigation_service"."id" FROM "navigation_service" '
            f"WHERE {VECTOR_SQL} @@ to_tsquery('simple'::regconfig, %s)"
        )
        return Q(id__in=RawSQL(sql, [query]))
    match = " ".join('"{}"*'.format(w.replace('"', '""')) for w in words)
    sql = (
        f"SELECT service_id FROM {WORDS_TABLE} WHERE id IN "
        f"(SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)"
    )
    return Q(id__in=RawSQL(sql, [match]))


def tel_link(phone) -> str:
    """What follows "tel:" for a directory phone: +1 and ten digits for a US number,
    short numbers (988, 211) as they are, and the extension, if any."""
    digits = re.sub(r"\D", "", phone.number)
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    number = f"+1{digits}" if len(digits) == 10 else digits
    return f"{number};ext={phone.extension}" if phone.extension else number


def _open_at(now):
    return OpenPeriod.objects.filter(starts_at__lte=now, ends_at__gt=now)


def search_services(query: DirectoryQuery, *, now=None):
    """The services matching `query`: nearest first when it has a place, else by name.
    A queryset: the page slices it."""
    now = now or timezone.now()
    services = Service.objects.filter(status__in=SHOWN_STATUSES).select_related("organization")
    words = search_words(query.words)
    if words:
        services = services.filter(_words_filter(words))
    if query.need:
        services = services.filter(
            Exists(Attribute.objects.filter(service=OuterRef("pk"), taxonomy_term__code=query.need))
        )
    if query.language:
        code = query.language.lower()
        services = services.filter(
            Exists(Language.objects.filter(service=OuterRef("pk"), code=code))
            | Exists(
                Language.objects.filter(
                    location__service_at_locations__service=OuterRef("pk"), code=code
                )
            )
        )
    if query.open_now:
        services = services.filter(Exists(_open_at(now).filter(service=OuterRef("pk"))))
    if query.origin is None:
        return services.order_by("name", "id")
    lat0, lon0 = query.origin
    south, north, west, east = zipcodes.bounding_box(query.origin, query.miles)
    scale = math.cos(math.radians(lat0))
    lat = F("service_at_locations__location__latitude")
    lon = F("service_at_locations__location__longitude")
    # Squared distance in degrees of latitude: plain arithmetic, so both engines have it.
    squared = ExpressionWrapper(
        (lat - lat0) * (lat - lat0) + (lon - lon0) * (lon - lon0) * (scale * scale),
        output_field=FloatField(),
    )
    radius = query.miles / zipcodes.MILES_PER_DEGREE
    # The filter comes before the annotation, so both use the one join to the locations:
    # the nearest location inside the box is the service's distance.
    return (
        services.filter(
            service_at_locations__location__latitude__range=(south, north),
            service_at_locations__location__longitude__range=(west, east),
        )
        .annotate(nearness=Min(squared))
        .filter(nearness__lte=radius * radius)
        .order_by("nearness", "name", "id")
    )


def fill_in(services: list, query: DirectoryQuery, *, now=None) -> list:
    """The page's rows, with what the results show: `miles` (to the nearest location,
    when searching near a place), `phone` (the service's, else its location's), and
    `is_open`. Three queries, whatever the page holds."""
    now = now or timezone.now()
    ids = [s.pk for s in services]
    at_locations = ServiceAtLocation.objects.filter(service_id__in=ids).select_related("location")
    phones = Phone.objects.filter(
        Q(service_id__in=ids) | Q(location__service_at_locations__service_id__in=ids)
    ).annotate(for_service=F("location__service_at_locations__service_id"))
    open_ids = set(_open_at(now).filter(service_id__in=ids).values_list("service_id", flat=True))
    by_service: dict = {pk: [] for pk in ids}
    for at in at_locations:
        by_service[at.service_id].append(at.location)
    own_phone, location_phone = {}, {}
    for phone in phones.order_by("id"):
        if phone.service_id in by_service:
            own_phone.setdefault(phone.service_id, phone)
        if phone.for_service in by_service:
            location_phone.setdefault(phone.for_service, phone)
    for service in services:
        service.is_open = service.pk in open_ids
        service.phone = own_phone.get(service.pk) or location_phone.get(service.pk)
        service.tel = tel_link(service.phone) if service.phone else ""
        service.miles = None
        if query.origin is not None:
            places = [
                (loc.latitude, loc.longitude)
                for loc in by_service[service.pk]
                if loc.latitude is not None and loc.longitude is not None
            ]
            if places:
                service.miles = min(zipcodes.miles_between(query.origin, p) for p in places)
    return services


__all__ = ["DirectoryQuery", "fill_in", "search_services"]
