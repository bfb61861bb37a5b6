"""The whole directory as one HSDS 3.0 JSON document, for `peerwell export-hsds`.

The document is a JSON array of organizations in full form (compiled/organization.json):
each with its phones, its locations (addresses, phones, languages, schedules) and its
services in full form (phones, schedules, service_at_locations with their location,
languages, attributes with their taxonomy term and taxonomy). An organization without
services and a location no service uses are kept that way. Records' unmodelled HSDS
fields (`more`) are written back. Keys are sorted, so exporting the same directory twice
gives the same bytes.

Not in the document: services without an organization (the edit form always names one)
and taxonomy terms that nothing links to.

Organizations are read in batches, each with a fixed number of queries, so memory and
time grow with the directory, not with the square of it.
"""

import json

from ..models import DirectoryOrganization
from . import serialize

BATCH = 200


def organizations(batch: int = BATCH):
    """Each organization of the directory in full form, in name order."""
    ids = list(DirectoryOrganization.objects.order_by("name", "id").values_list("id", flat=True))
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        rows = serialize.organization_queryset(
            DirectoryOrganization.objects.filter(id__in=chunk), full_service=True
        )
        found = {row.id: row for row in rows}
        yield from serialize.organizations_full(
            [found[pk] for pk in chunk if pk in found], full_service=True
        )


def write_directory(stream) -> dict:
    """Writes the document to a text stream; returns what it holds (counts)."""
    counts = {"organizations": 0, "services": 0}
    stream.write("[")
    for number, organization in enumerate(organizations()):
        stream.write(",\n" if number else "\n")
        stream.write(json.dumps(organization, sort_keys=True, ensure_ascii=False, indent=1))
        counts["organizations"] += 1
        counts["services"] += len(organization.get("services", []))
    stream.write("\n]\n")
    return counts
