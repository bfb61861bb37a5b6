"""The directory's HSDS tables as the importer sees them: which model holds each HSDS
entity, how an HSDS value becomes a column value (with a plain message when it cannot),
and how checked rows are written: one upsert per batch, keyed by the HSDS UUID."""

import math
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import cache

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    Address,
    Attribute,
    DirectoryOrganization,
    Language,
    Location,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from ..models.directory import Verified

# In the order they are written (a row's references first; the database checks foreign
# keys at commit, so the order only keeps things readable).
MODELS = {
    "taxonomy": Taxonomy,
    "taxonomy_term": TaxonomyTerm,
    "organization": DirectoryOrganization,
    "service": Service,
    "location": Location,
    "service_at_location": ServiceAtLocation,
    "address": Address,
    "phone": Phone,
    "schedule": Schedule,
    "language": Language,
    "attribute": Attribute,
}
# What the counts call each table (the HSDS tabular file names, without ".csv").
PLURAL = {
    "taxonomy": "taxonomies",
    "taxonomy_term": "taxonomy_terms",
    "organization": "organizations",
    "service": "services",
    "location": "locations",
    "service_at_location": "service_at_locations",
    "address": "addresses",
    "phone": "phones",
    "schedule": "schedules",
    "language": "languages",
    "attribute": "attributes",
}
# Columns that are ours, not HSDS's: never taken from a file.
OURS = {"id", "more", "modified_at", "verified_at", "verified_by", "verify_before_use"}
# HSDS names that differ from the column's.
RENAMED = {("taxonomy_term", "taxonomy_name"): "taxonomy"}
# Filled from other fields (an attribute's link to a service), not read from the file.
DERIVED = {("attribute", "service")}
# The largest whole numbers the integer columns take on every database.
INT_MAX = {
    models.PositiveSmallIntegerField: 32767,
    models.PositiveIntegerField: 2147483647,
}
BATCH = 1000


@dataclass
class Row:
    """One HSDS record of one table, flattened out of its file: its own fields (nested
    records taken out), what we keep in `more`, and where it came from for messages."""

    entity: str
    id: str
    data: dict
    more: dict
    file: str
    record: str
    path: str = ""
    number: int = 0
    values: dict = field(default_factory=dict)

    def at(self, name: str = "") -> str:
        """The field path of `name` in the file, e.g. "phones[0].number"."""
        if not name:
            return self.path
        return f"{self.path}.{name}" if self.path else name


@cache
def columns(entity: str) -> list:
    """(HSDS name, model field) of each column an HSDS record fills."""
    model = MODELS[entity]
    out = []
    for f in model._meta.concrete_fields:
        if f.name in OURS or (entity, f.name) in DERIVED:
            continue
        if f.name == "version" and issubclass(model, Verified):
            continue  # our edit counter, not HSDS's
        out.append((RENAMED.get((entity, f.name), f.attname), f))
    return out


def has_nul(value) -> bool:
    """PostgreSQL stores no NUL character in text or JSON."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(has_nul(k) or has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(has_nul(v) for v in value)
    return False


def convert(value, f):
    """The column value of an HSDS value, or ValueError with a plain message."""
    if value is None or value == "":
        if isinstance(f, models.ForeignKey | models.UUIDField) or f.null:
            return None
        return f.get_default()
    if isinstance(f, models.ForeignKey | models.UUIDField):
        try:
            return uuid.UUID(str(value))
        except ValueError:
            raise ValueError(_("“%(value)s” is not a UUID.") % {"value": value}) from None
    if isinstance(f, models.DateTimeField):
        try:
            moment = datetime.fromisoformat(str(value))
        except ValueError:
            raise ValueError(
                _("“%(value)s” is not a date and time (like 2025-01-31T09:00:00Z).")
                % {"value": value}
            ) from None
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment
    if isinstance(f, models.DateField):
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            raise ValueError(
                _("“%(value)s” is not a date (like 2025-01-31).") % {"value": value}
            ) from None
    if isinstance(f, models.TimeField):
        try:
            return time.fromisoformat(str(value)).replace(tzinfo=None)
        except ValueError:
            raise ValueError(
                _("“%(value)s” is not a time of day (like 09:00).") % {"value": value}
            ) from None
    if isinstance(f, models.FloatField):
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise ValueError(_("“%(value)s” is not a number.") % {"value": value})
        return float(value)
    if isinstance(f, models.PositiveIntegerField | models.PositiveSmallIntegerField):
        high = INT_MAX[type(f)]
        if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value})
        if not 0 <= value <= high:
            raise ValueError(
                _("%(value)s is not between 0 and %(high)s.") % {"value": value, "high": high}
            )
        return int(value)
    if not isinstance(value, str):
        raise ValueError(_("“%(value)s” is not text.") % {"value": value})
    if f.max_length and len(value) > f.max_length:
        raise ValueError(
            _("This is %(length)s characters long; at most %(most)s fit.")
            % {"length": len(value), "most": f.max_length}
        )
    return value


def instances(entity: str, rows, now) -> list:
    """Unsaved model rows for the checked `rows` (their `values` filled)."""
    model = MODELS[entity]
    extra = {"modified_at": now}
    if issubclass(model, Verified):
        # Nobody here has checked a new entry yet (an update keeps its verification).
        extra["verify_before_use"] = True
    return [model(id=uuid.UUID(row.id), more=row.more, **row.values, **extra) for row in rows]


def update_fields(entity: str) -> list:
    """What an import changes in a row it already has: its HSDS columns, `more` and
    `modified_at`; never who verified it, nor our edit counter."""
    names = [f.name for _name, f in columns(entity)] + ["more", "modified_at"]
    if (entity, "service") in DERIVED:
        names.append("service")
    return names


def upsert(entity: str, rows, now, done=None) -> int:
    """Writes `rows` in batches: new UUIDs are inserted, known ones updated in place."""
    model = MODELS[entity]
    fields = update_fields(entity)
    written = 0
    for start in range(0, len(rows), BATCH):
        batch = instances(entity, rows[start : start + BATCH], now)
        model.objects.bulk_create(
            batch, update_conflicts=True, unique_fields=["id"], update_fields=fields
        )
        written += len(batch)
        if done:
            done(len(batch))
    return written
