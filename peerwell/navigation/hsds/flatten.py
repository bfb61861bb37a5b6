"""HSDS's full form nests records (a service holds its phones, schedules, services at
locations and their locations, ...); the directory keeps one table per entity. This
takes a checked record apart into rows of each table, filling each nested record's
reference to the record that holds it."""

import uuid

from .tables import Row

# Nested lists a record may hold that have a table here: key -> (entity, the reference
# to the holder that the nested records get when they do not say).
LISTS = {
    "service": {
        "phones": ("phone", "service_id"),
        "schedules": ("schedule", "service_id"),
        "service_at_locations": ("service_at_location", "service_id"),
        "languages": ("language", "service_id"),
    },
    "organization": {
        "phones": ("phone", "organization_id"),
        "locations": ("location", "organization_id"),
        # compiled/organization.json's full form lists the organization's services.
        "services": ("service", "organization_id"),
    },
    "location": {
        "languages": ("language", "location_id"),
        "addresses": ("address", "location_id"),
        "phones": ("phone", "location_id"),
        "schedules": ("schedule", "location_id"),
    },
    "service_at_location": {
        "phones": ("phone", "service_at_location_id"),
        "schedules": ("schedule", "service_at_location_id"),
    },
    "phone": {"languages": ("language", "phone_id")},
}
# Nested single records with a table here: key -> (entity, the holder's reference to it).
SINGLE = {
    "service": {"organization": ("organization", "organization_id")},
    "service_at_location": {"location": ("location", "location_id")},
    "attribute": {"taxonomy_term": ("taxonomy_term", "taxonomy_term_id")},
    "taxonomy_term": {"taxonomy_detail": ("taxonomy", "taxonomy_id")},
}
# Fields only a service has (HSDS requires a service's `status`); fields only a taxonomy
# term has. A record with neither is an organization (which requires a `description`).
SERVICE_ONLY = {"status", "service_at_locations", "program_id", "program", "organization_id"}
SERVICE_ONLY |= {"eligibility_description", "application_process", "fees", "wait_time"}
TERM_ONLY = {"code", "parent_id", "taxonomy", "taxonomy_id", "taxonomy_detail", "term_uri"}


def kind_of(record) -> str | None:
    """Which HSDS entity a top-level record is, told apart by its fields: a service
    (it has a status, or service-only fields), a taxonomy term (a code, a parent, a
    taxonomy), or else an organization. None for something that is not a record."""
    if not isinstance(record, dict):
        return None
    keys = set(record)
    if keys & SERVICE_ONLY:
        return "service"
    if keys & TERM_ONLY:
        return "taxonomy_term"
    return "organization"


def flatten(
    entity: str, data: dict, rows: dict, *, file: str, record: str, number=0, path="", holder=None
):
    """Adds `data` (an HSDS record of `entity`, already checked against its schema) and
    the records nested in it to `rows` ({entity: {id: Row}}). `holder` is the reference
    to the record that holds it ({"service_id": ...}), used when it names none."""
    own, more = {}, {}
    lists, singles = LISTS.get(entity, {}), SINGLE.get(entity, {})
    for key, value in data.items():
        if key in lists and isinstance(value, list):
            child, ref = lists[key]
            for i, item in enumerate(value):
                flatten(
                    child,
                    item,
                    rows,
                    file=file,
                    number=number,
                    record=record,
                    path=f"{_join(path, key)}[{i}]",
                    holder={ref: data["id"]},
                )
        elif key in singles and isinstance(value, dict):
            child, ref = singles[key]
            flatten(
                child, value, rows, file=file, record=record, number=number, path=_join(path, key)
            )
            own.setdefault(ref, value["id"])
        elif key == "attributes" and entity != "attribute" and isinstance(value, list):
            for i, item in enumerate(value):
                link = {"link_id": data["id"], "link_entity": entity}
                flatten(
                    "attribute",
                    item,
                    rows,
                    file=file,
                    number=number,
                    record=record,
                    path=f"{_join(path, key)}[{i}]",
                    holder=link,
                )
        elif isinstance(value, dict | list):
            more[key] = value  # contacts, funding, metadata, ...: kept as they came
        else:
            own[key] = value
    for key, value in (holder or {}).items():
        if own.get(key) in (None, ""):
            own[key] = value
    own.pop("id", None)
    key = str(uuid.UUID(data["id"]))  # one spelling of each UUID, as references compare
    seen = rows[entity].get(key)
    if seen:  # the same record again (an organization nested in each of its services)
        seen.data.update(own)
        seen.more.update(more)
    else:
        rows[entity][key] = Row(entity, key, own, more, file, record, path, number)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key
