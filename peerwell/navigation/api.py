"""The HSDS 3.0 API at /api/hsds/: the directory, read-only, as the Open Referral OpenAPI
reference describes it (hsds/schema/openapi.json): its paths, query parameters and
paginated shape. Public unless the setting HSDS_API_PUBLIC is off (then every address
answers 404), because a directory holds no participant data.

Every answer is JSON, errors too: a bad parameter is a 400 naming it, an unknown id a
404, another method a 405. Each request costs a fixed number of queries.

Where the reference contradicts itself, the description wins and a comment says so.
"""

import math
from datetime import datetime, time
from functools import wraps
from uuid import UUID

from django.conf import settings
from django.db.models import Q
from django.http import JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from peerwell.core.access import public_view

from .hsds import serialize as hsds
from .hsds.schemas import PROFILE, PUBLISHED, VERSION
from .models import (
    Attribute,
    DirectoryOrganization,
    Location,
    Service,
    ServiceAtLocation,
    Taxonomy,
)
from .zipcodes import ZIP, centroid

PER_PAGE = 50
MAX_PER_PAGE = 100
METERS_PER_DEGREE = 111_320
TRUE, FALSE = {"true", "1", "yes"}, {"false", "0", "no", ""}


class BadParameter(Exception):
    def __init__(self, message, status=400):
        super().__init__(message)
        self.message, self.status = message, status


def answer(data, status=200):
    response = JsonResponse(data, status=status, safe=False, json_dumps_params={"indent": None})
    # A public directory: any site may read it from a browser.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def hsds_endpoint(view):
    """Public, read-only, JSON errors; 404 everywhere when the API is switched off."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not settings.HSDS_API_PUBLIC:
            return answer({"error": _("Not found.")}, 404)
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            response = answer({"error": _("This API only reads: use GET.")}, 405)
            response["Allow"] = "GET, HEAD, OPTIONS"
            return response
        if request.method == "OPTIONS":
            response = answer({})
            response["Allow"] = "GET, HEAD, OPTIONS"
            return response
        try:
            _format(request)
            return view(request, *args, **kwargs)
        except BadParameter as error:
            return answer({"error": error.message}, error.status)

    wrapper.csrf_exempt = True
    return public_view(wrapper)


# --- Query parameters ---------------------------------------------------------------


def _format(request):
    value = request.GET.get("format", "json")
    if value != "json":
        raise BadParameter(_("format: only “json” is offered."))


def flag(request, name) -> bool:
    value = request.GET.get(name, "").strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise BadParameter(_("%(name)s: “true” or “false”.") % {"name": name})


def whole(request, name, default, low, high=None) -> int:
    text = request.GET.get(name)
    if text is None or text == "":
        return default
    try:
        value = int(text)
    except ValueError:
        value = None
    if value is None or value < low or (high is not None and value > high):
        raise BadParameter(
            _("%(name)s: a whole number from %(low)s to %(high)s.")
            % {"name": name, "low": low, "high": high or "…"}
        )
    return value


def uuid_parameter(request, name):
    text = request.GET.get(name)
    if not text:
        return None
    try:
        return UUID(text)
    except ValueError:
        raise BadParameter(_("%(name)s: not a UUID.") % {"name": name}) from None


def modified_after(request):
    text = request.GET.get("modified_after")
    if not text:
        return None
    try:
        moment = parse_datetime(text)
        if moment is None and (day := parse_date(text)):
            moment = datetime.combine(day, time())
    except ValueError:
        moment = None
    if moment is None:
        raise BadParameter(_("modified_after: a date and time like 2025-01-31T09:00:00Z."))
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def zip_centroid(text):
    # Only ASCII digits reach the ZIP table: the `zipcodes` package panics on some other
    # text (found by the fuzz test).
    whole = ZIP.match(text)
    found = centroid(whole.group(1)) if whole else None
    if found is None:
        raise BadParameter(_("postcode: “%(zip)s” is not a US ZIP code.") % {"zip": text})
    return found


def page_of(request, queryset, serialise, *, ids=None):
    """The Page shape of the reference: `ids` (already ordered) replaces a count when
    the order was computed in Python (distance)."""
    number = whole(request, "page", 1, 1)
    per_page = whole(request, "per_page", PER_PAGE, 1, MAX_PER_PAGE)
    start = (number - 1) * per_page
    if ids is None:
        total = queryset.count()
        rows = list(queryset[start : start + per_page]) if start < total else []
    else:
        total = len(ids)
        wanted = ids[start : start + per_page]
        found = {row.pk: row for row in queryset.filter(pk__in=wanted)}
        rows = [found[pk] for pk in wanted if pk in found]
    pages = math.ceil(total / per_page)
    return answer(
        {
            "total_items": total,
            "total_pages": pages,
            "page_number": number,
            "size": len(rows),
            "first_page": number == 1,
            "last_page": number >= pages,
            "empty": not rows,
            "contents": serialise(rows),
        }
    )


def one(queryset, pk, serialise):
    row = queryset.filter(pk=pk).first()
    if row is None:
        raise BadParameter(_("No record has this id."), 404)
    return answer(serialise([row])[0])


def searched(request, queryset, *fields):
    words = request.GET.get("search", "").strip()
    if not words:
        return queryset
    if "\x00" in words:  # PostgreSQL refuses it in any text
        raise BadParameter(_("search: words without control characters."))
    found = Q()
    for name in fields:
        found |= Q(**{f"{name}__icontains": words})
    return queryset.filter(found)


def by_service_filters(request, queryset, service="id"):
    """taxonomy_term_id, taxonomy_id, organization_id, modified_after on services (or
    on rows that have a service: `service` is the path to its id)."""
    if term := uuid_parameter(request, "taxonomy_term_id"):
        linked = Attribute.objects.filter(taxonomy_term_id=term, service__isnull=False)
        queryset = queryset.filter(**{f"{service}__in": linked.values("service_id")})
    if taxonomy := uuid_parameter(request, "taxonomy_id"):
        linked = Attribute.objects.filter(
            taxonomy_term__taxonomy_id=taxonomy, service__isnull=False
        )
        queryset = queryset.filter(**{f"{service}__in": linked.values("service_id")})
    if organization := uuid_parameter(request, "organization_id"):
        prefix = "" if service == "id" else "service__"
        queryset = queryset.filter(**{f"{prefix}organization_id": organization})
    if after := modified_after(request):
        queryset = queryset.filter(modified_at__gte=after)
    return queryset


# --- Endpoints ----------------------------------------------------------------------


@hsds_endpoint
def hsds_root(request):
    return answer(
        {"version": VERSION, "profile": PROFILE, "openapi_url": PUBLISHED + "openapi.json"}
    )


def _minimal(rows):
    # The reference asks for "just id and modified_date", but its page schema requires a
    # service's name and status: both are kept so the answer still validates.
    return [
        {
            "id": str(r.id),
            "name": r.name,
            "status": r.status,
            "modified_date": r.modified_at.isoformat(),
        }
        for r in rows
    ]


@hsds_endpoint
def hsds_services(request):
    full, minimal = flag(request, "full"), flag(request, "minimal")
    queryset = searched(request, Service.objects.all(), "name", "alternate_name", "description")
    queryset = by_service_filters(request, queryset)
    if minimal:
        return page_of(request, queryset.only("id", "name", "status", "modified_at"), _minimal)
    if full:
        return page_of(request, hsds.service_queryset(queryset), hsds.services_full)
    return page_of(
        request,
        queryset.select_related("organization"),
        lambda rows: [hsds.service_list(r) for r in rows],
    )


@hsds_endpoint
def hsds_service(request, id):
    return one(hsds.service_queryset(), id, hsds.services_full)


@hsds_endpoint
def hsds_organizations(request):
    full, full_service = flag(request, "full"), flag(request, "full_service")
    queryset = searched(
        request, DirectoryOrganization.objects.all(), "name", "alternate_name", "description"
    )
    if full or full_service:
        return page_of(
            request,
            hsds.organization_queryset(queryset, full_service=full_service),
            lambda rows: hsds.organizations_full(rows, full_service=full_service),
        )
    return page_of(request, queryset, lambda rows: [hsds.organization_list(r) for r in rows])


@hsds_endpoint
def hsds_organization(request, id):
    full_service = flag(request, "full_service")
    return one(
        hsds.organization_queryset(full_service=full_service),
        id,
        lambda rows: hsds.organizations_full(rows, full_service=full_service),
    )


def _near(request, queryset):
    """postcode (a US ZIP): rows at an address with that ZIP; with proximity (meters,
    as the reference says), rows whose location lies within that distance of the ZIP's
    centroid, nearest first. Returns the queryset and the ordered ids (or None)."""
    postcode = request.GET.get("postcode", "").strip()
    proximity = request.GET.get("proximity", "").strip()
    if not postcode:
        if proximity:
            raise BadParameter(_("proximity: give a postcode too."))
        return queryset, None
    lat, lon = zip_centroid(postcode)
    if not proximity:
        return queryset.filter(location__addresses__postal_code=postcode).distinct(), None
    try:
        meters = float(proximity)
    except ValueError:
        meters = -1
    if not 0 < meters <= 1_000_000 or math.isnan(meters):
        raise BadParameter(_("proximity: a distance in meters, up to 1,000,000."))
    # A bounding box in SQL (indexed), then the exact distance of what is inside it.
    dlat = meters / METERS_PER_DEGREE
    dlon = dlat / max(math.cos(math.radians(lat)), 0.01)
    inside = Location.objects.filter(
        latitude__range=(lat - dlat, lat + dlat), longitude__range=(lon - dlon, lon + dlon)
    )
    places = {
        pk: distance(lat, lon, la, lo)
        for pk, la, lo in inside.values_list("id", "latitude", "longitude")
    }
    places = {pk: d for pk, d in places.items() if d <= meters}
    rows = queryset.filter(location_id__in=list(places)).values_list("id", "location_id")
    ids = [pk for pk, place in sorted(rows, key=lambda r: (places[r[1]], str(r[0])))]
    return queryset, ids


def distance(lat1, lon1, lat2, lon2) -> float:
    """Meters between two points (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(a))


@hsds_endpoint
def hsds_service_at_locations(request):
    full = flag(request, "full")
    queryset = searched(
        request,
        ServiceAtLocation.objects.all(),
        "service__name",
        "service__description",
        "location__name",
    )
    queryset = by_service_filters(request, queryset, service="service_id")
    queryset, ids = _near(request, queryset)
    if full:
        queryset = hsds.service_at_location_queryset(queryset).select_related(
            "service__organization"
        )
        return page_of(request, queryset, hsds.service_at_locations_full, ids=ids)
    queryset = queryset.select_related("service", "location")
    return page_of(
        request, queryset, lambda rows: [hsds.service_at_location_list(r) for r in rows], ids=ids
    )


@hsds_endpoint
def hsds_service_at_location(request, id):
    # The reference's schema here is compiled/service.json, but its description (and HSDS
    # 3.1) say a fully nested service_at_location: that is what this answers.
    queryset = hsds.service_at_location_queryset().select_related("service__organization")
    return one(queryset, id, hsds.service_at_locations_full)


@hsds_endpoint
def hsds_taxonomies(request):
    queryset = searched(request, Taxonomy.objects.all(), "name", "description")
    return page_of(request, queryset, lambda rows: [hsds.taxonomy(r) for r in rows])


@hsds_endpoint
def hsds_taxonomy(request, id):
    return one(Taxonomy.objects.all(), id, lambda rows: [hsds.taxonomy(r) for r in rows])


@hsds_endpoint
def hsds_taxonomy_terms(request):
    queryset = searched(request, hsds.term_queryset(), "name", "code", "description")
    if taxonomy := uuid_parameter(request, "taxonomy_id"):
        queryset = queryset.filter(taxonomy_id=taxonomy)
    if parent := uuid_parameter(request, "parent_id"):
        queryset = queryset.filter(parent_id=parent)
    # "top_only": the reference's words say "terms that have not child terms", its name
    # says the top of the tree; terms without a parent are the top.
    if flag(request, "top_only"):
        queryset = queryset.filter(parent__isnull=True)
    return page_of(request, queryset, lambda rows: [hsds.taxonomy_term(r) for r in rows])


@hsds_endpoint
def hsds_taxonomy_term(request, id):
    return one(hsds.term_queryset(), id, lambda rows: [hsds.taxonomy_term(r) for r in rows])
