"""The directory as HSDS 3.0 JSON: each table's columns, with the record's unmodelled
HSDS fields (`more`) merged back in, so an export gives back what an import took.

Two forms, as the HSDS API names them: the *list* form (a record's one-to-one fields)
and the *full* form (nested phones, schedules, service_at_locations with their location
...). A page of records is serialised from querysets prepared by the `*_queryset`
functions here (prefetch_related with querysets) plus one query for the attributes of
every record on the page, so a page costs the same number of queries whatever its size.

Empty columns are left out (HSDS fields are optional unless the schema requires them,
and "" is not a valid email or URI); the fields a schema requires are always written.
"""

from collections import defaultdict
from datetime import date, datetime, time
from uuid import UUID

from django.db.models import Prefetch

from ..models import (
    Attribute,
    DirectoryOrganization,
    Location,
    Phone,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

ORGANIZATION = (
    "name alternate_name description email website tax_status tax_id year_incorporated "
    "legal_status logo uri parent_organization_id"
).split()
SERVICE = (
    "organization_id program_id name alternate_name description url email status "
    "interpretation_services application_process fees_description wait_time fees "
    "accreditations eligibility_description minimum_age maximum_age assured_date "
    "assurer_email licenses alert last_modified"
).split()
LOCATION = (
    "location_type url organization_id name alternate_name description transportation "
    "latitude longitude external_identifier external_identifier_type"
).split()
SERVICE_AT_LOCATION = ["service_id", "location_id", "description"]
ADDRESS = (
    "location_id attention address_1 address_2 city region state_province postal_code "
    "country address_type"
).split()
PHONE = (
    "location_id service_id organization_id contact_id service_at_location_id number "
    "extension type description"
).split()
SCHEDULE = (
    "service_id location_id service_at_location_id valid_from valid_to dtstart timezone "
    "until count wkst freq interval byday byweekno bymonthday byyearday description "
    "opens_at closes_at schedule_link attending_type notes"
).split()
LANGUAGE = ["service_id", "location_id", "phone_id", "name", "code", "note"]
ATTRIBUTE = ["link_id", "taxonomy_term_id", "link_type", "link_entity", "value"]
TAXONOMY = ["name", "description", "uri", "version"]
TAXONOMY_TERM = "code name description parent_id language taxonomy_id term_uri".split()
# Fields a schema requires: written even when empty.
REQUIRED = {
    "organization": {"name", "description"},
    "service": {"name", "status"},
    "taxonomy": {"name", "description"},
    "taxonomyterm": {"name", "description"},
    "phone": {"number"},
    "location": {"location_type"},
    "address": {"address_1", "city", "state_province", "postal_code", "country", "address_type"},
}
ATTRIBUTES_IN_CHUNKS = 500


def _value(value):
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    return value


def record(row, fields, *, more=True) -> dict:
    """The row's HSDS record: `more` first, then every column that holds something."""
    out = dict(row.more) if more and row.more else {}
    out["id"] = str(row.id)
    required = REQUIRED.get(row._meta.model_name.replace("directory", ""), ())
    for name in fields:
        value = getattr(row, name)
        if value is None or value == "":
            if name in required:
                out[name] = "" if value is None else value
            continue
        out[name] = _value(value)
    return out


class Attributes:
    """The attributes (links to taxonomy terms) of every record on a page, read at once
    by the records' ids: HSDS links any record to a term by `link_id`."""

    def __init__(self, ids):
        self.by_link = defaultdict(list)
        ids = list(ids)
        for start in range(0, len(ids), ATTRIBUTES_IN_CHUNKS):
            rows = Attribute.objects.filter(
                link_id__in=ids[start : start + ATTRIBUTES_IN_CHUNKS]
            ).select_related("taxonomy_term__taxonomy")
            for row in rows:
                self.by_link[row.link_id].append(row)

    def of(self, row) -> list[dict]:
        return [attribute(a) for a in self.by_link.get(row.id, [])]

    def put(self, out: dict, row) -> dict:
        found = self.of(row)
        if found:
            out["attributes"] = found
        return out


def taxonomy(row) -> dict:
    return record(row, TAXONOMY)


def taxonomy_term(row) -> dict:
    out = record(row, TAXONOMY_TERM)
    name = row.taxonomy_name or (row.taxonomy.name if row.taxonomy_id else "")
    if name:
        out["taxonomy"] = name
    if row.taxonomy_id:
        out["taxonomy_detail"] = taxonomy(row.taxonomy)
    return out


def attribute(row) -> dict:
    out = record(row, ATTRIBUTE)
    out["taxonomy_term"] = taxonomy_term(row.taxonomy_term)
    return out


def language(row, attrs) -> dict:
    return attrs.put(record(row, LANGUAGE), row)


def phone(row, attrs) -> dict:
    out = record(row, PHONE)
    languages = [language(lang, attrs) for lang in row.languages.all()]
    if languages:
        out["languages"] = languages
    return attrs.put(out, row)


def schedule(row, attrs) -> dict:
    return attrs.put(record(row, SCHEDULE), row)


def address(row, attrs) -> dict:
    return attrs.put(record(row, ADDRESS), row)


def _nest(out, name, rows, serialise, attrs):
    """Adds the list `name` (left out when empty, unless `more` already had it)."""
    found = [serialise(row, attrs) for row in rows]
    if found:
        out[name] = found
    return out


def location(row, attrs) -> dict:
    out = record(row, LOCATION)
    _nest(out, "languages", row.languages.all(), language, attrs)
    _nest(out, "addresses", row.addresses.all(), address, attrs)
    _nest(out, "phones", row.phones.all(), phone, attrs)
    _nest(out, "schedules", row.schedules.all(), schedule, attrs)
    return attrs.put(out, row)


def service_at_location(row, attrs, *, with_location=True) -> dict:
    out = record(row, SERVICE_AT_LOCATION)
    _nest(out, "phones", row.phones.all(), phone, attrs)
    _nest(out, "schedules", row.schedules.all(), schedule, attrs)
    if with_location:
        out["location"] = location(row.location, attrs)
    return attrs.put(out, row)


def organization_list(row) -> dict:
    """An organization's one-to-one fields (compiled/organization_list)."""
    return record(row, ORGANIZATION, more=False)


def service_list(row) -> dict:
    """A service's one-to-one fields, with its organization's (compiled/service_list)."""
    out = record(row, SERVICE, more=False)
    if row.organization_id:
        out["organization"] = organization_list(row.organization)
    return out


def service(row, attrs, *, with_organization=True) -> dict:
    """A service in full (compiled/service)."""
    out = record(row, SERVICE)
    if with_organization and row.organization_id:
        out["organization"] = organization_list(row.organization)
    _nest(out, "phones", row.phones.all(), phone, attrs)
    _nest(out, "schedules", row.schedules.all(), schedule, attrs)
    _nest(out, "service_at_locations", row.service_at_locations.all(), service_at_location, attrs)
    _nest(out, "languages", row.languages.all(), language, attrs)
    return attrs.put(out, row)


def organization(row, attrs, *, full_service=False) -> dict:
    """An organization in full (compiled/organization): its phones and locations, and its
    services in full or as their one-to-one fields."""
    out = record(row, ORGANIZATION)
    _nest(out, "phones", row.phones.all(), phone, attrs)
    _nest(out, "locations", row.locations.all(), location, attrs)
    services = row.services.all()
    if full_service:
        out["services"] = [service(s, attrs, with_organization=False) for s in services]
    else:
        out["services"] = [record(s, SERVICE, more=False) for s in services]
    return attrs.put(out, row)


# Querysets that fetch everything a page of the full form shows in a fixed number of
# queries, whatever the number of rows.


def _phones():
    return Phone.objects.prefetch_related("languages")


def location_queryset(qs=None):
    return (qs if qs is not None else Location.objects.all()).prefetch_related(
        "languages",
        "addresses",
        Prefetch("phones", queryset=_phones()),
        "schedules",
    )


def service_at_location_queryset(qs=None):
    return (
        (qs if qs is not None else ServiceAtLocation.objects.all())
        .select_related("location")
        .prefetch_related(
            Prefetch("phones", queryset=_phones()),
            "schedules",
            "location__languages",
            "location__addresses",
            Prefetch("location__phones", queryset=_phones()),
            "location__schedules",
        )
    )


def service_queryset(qs=None):
    return (
        (qs if qs is not None else Service.objects.all())
        .select_related("organization")
        .prefetch_related(
            Prefetch("phones", queryset=_phones()),
            "schedules",
            "languages",
            Prefetch("service_at_locations", queryset=service_at_location_queryset()),
        )
    )


def organization_queryset(qs=None, *, full_service=False):
    services = service_queryset() if full_service else Service.objects.all()
    return (qs if qs is not None else DirectoryOrganization.objects.all()).prefetch_related(
        Prefetch("phones", queryset=_phones()),
        Prefetch("locations", queryset=location_queryset()),
        Prefetch("services", queryset=services),
    )


def term_queryset(qs=None):
    return (qs if qs is not None else TaxonomyTerm.objects.all()).select_related("taxonomy")


def taxonomy_queryset(qs=None):
    return qs if qs is not None else Taxonomy.objects.all()


# The ids of every record a page shows, for `Attributes`.


def _phone_ids(phones):
    for p in phones:
        yield p.id
        yield from (lang.id for lang in p.languages.all())


def location_ids(row):
    yield row.id
    for rows in (row.languages.all(), row.addresses.all(), row.schedules.all()):
        yield from (r.id for r in rows)
    yield from _phone_ids(row.phones.all())


def service_at_location_ids(row, *, with_location=True):
    yield row.id
    yield from (s.id for s in row.schedules.all())
    yield from _phone_ids(row.phones.all())
    if with_location:
        yield from location_ids(row.location)


def service_ids(row):
    yield row.id
    yield from (r.id for r in row.schedules.all())
    yield from (r.id for r in row.languages.all())
    yield from _phone_ids(row.phones.all())
    for at in row.service_at_locations.all():
        yield from service_at_location_ids(at)


def organization_ids(row, *, full_service=False):
    yield row.id
    yield from _phone_ids(row.phones.all())
    for place in row.locations.all():
        yield from location_ids(place)
    if full_service:
        for s in row.services.all():
            yield from service_ids(s)


def services_full(rows) -> list[dict]:
    """Full services of prepared rows (see `service_queryset`)."""
    attrs = Attributes(i for row in rows for i in service_ids(row))
    return [service(row, attrs) for row in rows]


def organizations_full(rows, *, full_service=False) -> list[dict]:
    attrs = Attributes(i for row in rows for i in organization_ids(row, full_service=full_service))
    return [organization(row, attrs, full_service=full_service) for row in rows]


def service_at_locations_full(rows) -> list[dict]:
    """A service at a location in full: the compiled service_at_location form, with its
    service's one-to-one fields."""
    attrs = Attributes(i for row in rows for i in service_at_location_ids(row))
    out = []
    for row in rows:
        item = service_at_location(row, attrs)
        item["service"] = service_list(row.service)
        out.append(item)
    return out


def service_at_location_list(row) -> dict:
    """compiled/service_at_location_list: one-to-one fields, location and service."""
    out = record(row, SERVICE_AT_LOCATION, more=False)
    out["location"] = record(row.location, LOCATION, more=False)
    out["service"] = record(row.service, SERVICE, more=False)
    return out
