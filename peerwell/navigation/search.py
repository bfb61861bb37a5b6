"""Directory search for a peer on a phone: words, need, language spoken, open now, and
distance from a ZIP code. One query finds a page of services in the database (two when
searching near a place), whatever the size of the directory; three more fill in the
page's rows (locations, phones, open now).

Words use the engine's own index (words.py). Distance narrows on a bounding box of
Location(latitude, longitude), which is indexed, then orders by an equirectangular
approximation in plain SQL arithmetic (the same on both engines); the miles shown are
the great-circle distance, computed in Python for the page's rows only."""

import math
import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import F, FloatField, Min, Q
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
        # MATERIALIZED: the matches are found once through the GIN index. Left to itself
        # the planner may instead test the words service by service, computing each
        # description's vector again (70 ms for 2,000 services).
        sql = (
            f'WITH words AS MATERIALIZED (SELECT "navigation_service"."id" FROM '
            f"\"navigation_service\" WHERE {VECTOR_SQL} @@ to_tsquery('simple'::regconfig, %s)) "
            f"SELECT id FROM words"
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
    """The services matching `query`: nearest first when it has a place (`Nearest`),
    else by name (a queryset). Either is sliced by the page."""
    now = now or timezone.now()
    services = Service.objects.filter(status__in=SHOWN_STATUSES).select_related("organization")
    words = search_words(query.words)
    if words:
        services = services.filter(_words_filter(words))
    # Each filter is a set of ids, found once through its index (`IN`), rather than a
    # test per service (`EXISTS`), which SQLite runs for every row of the directory.
    if query.need:
        services = services.filter(
            id__in=Attribute.objects.filter(taxonomy_term__code=query.need).values("service_id")
        )
    if query.language:
        code = query.language.lower()
        services = services.filter(
            Q(id__in=Language.objects.filter(code=code).values("service_id"))
            | Q(
                id__in=ServiceAtLocation.objects.filter(location__languages__code=code).values(
                    "service_id"
                )
            )
        )
    if query.open_now:
        services = services.filter(id__in=_open_at(now).values("service_id"))
    if query.origin is None:
        return services.order_by("name", "id")
    return Nearest(services, query.origin, query.miles)


class Nearest:
    """Services of a queryset within `miles` of `origin`, nearest first, sliced as the
    page needs. Two queries a page: the ids in order, from the locations inside a
    bounding box (one group per service: its nearest location), then those services.
    Grouping the services' whole rows instead costs the planner more than the search."""

    def __init__(self, services, origin: tuple[float, float], miles: int):
        lat0, lon0 = origin
        south, north, west, east = zipcodes.bounding_box(origin, miles)
        scale = math.cos(math.radians(lat0))
        lat, lon = F("location__latitude"), F("location__longitude")
        # Squared distance in degrees of latitude: plain arithmetic, so both engines have it.
        squared = ExpressionWrapper(
            (lat - lat0) * (lat - lat0) + (lon - lon0) * (lon - lon0) * (scale * scale),
            output_field=FloatField(),
        )
        radius = miles / zipcodes.MILES_PER_DEGREE
        self.services = services
        self.ranked = (
            ServiceAtLocation.objects.filter(
                service__in=services.order_by().values("id"),
                location__latitude__range=(south, north),
                location__longitude__range=(west, east),
            )
            .values("service_id")
            .annotate(nearness=Min(squared), name=Min("service__name"))
            .filter(nearness__lte=radius * radius)
            .order_by("nearness", "name", "service_id")
        )

    def __getitem__(self, window: slice) -> list:
        ids = list(self.ranked.values_list("service_id", flat=True)[window])
        found = Service.objects.select_related("organization").in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]

    def count(self) -> int:
        return self.ranked.count()


def fill_in(services: list, query: DirectoryQuery, *, now=None) -> list:
    """The page's rows, with what the results show: `miles` (to the nearest location,
    when searching near a place), `phone` (the service's, else its location's), and
    `is_open`. Three queries, whatever the page holds."""
    now = now or timezone.now()
    ids = [s.pk for s in services]
    if not ids:
        return services
    at_locations = ServiceAtLocation.objects.filter(service_id__in=ids).select_related("location")
    open_ids = set(_open_at(now).filter(service_id__in=ids).values_list("service_id", flat=True))
    by_service: dict = {pk: [] for pk in ids}
    services_at: dict = {}  # location id -> the page's services there
    for at in at_locations:
        by_service[at.service_id].append(at.location)
        services_at.setdefault(at.location_id, []).append(at.service_id)
    # Both columns are indexed: no join from the phones to the services' locations.
    phones = Phone.objects.filter(Q(service_id__in=ids) | Q(location_id__in=list(services_at)))
    own_phone, location_phone = {}, {}
    for phone in phones.order_by("id"):
        if phone.service_id in by_service:
            own_phone.setdefault(phone.service_id, phone)
        for service_id in services_at.get(phone.location_id, ()):
            location_phone.setdefault(service_id, phone)
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


__all__ = ["DirectoryQuery", "Nearest", "fill_in", "search_services"]
