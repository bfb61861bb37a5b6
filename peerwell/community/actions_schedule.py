"""Writes for the schedule: sites, vans, events and their exceptions. Each takes the
acting user and plain values, runs in one transaction and writes its audit row."""

from datetime import date, datetime, time

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from peerwell.audit.actions import record
from peerwell.core.versions import EditConflict, claim_version
from peerwell.navigation import zipcodes

from . import recurrence
from .models import Event, EventChange, Site, Van

__all__ = ["EditConflict", "VanClash"]


class VanClash(recurrence.BadEvent):
    """The van is booked somewhere else at that time."""


def _with_centroid(fields: dict) -> dict:
    """A site with no coordinates gets its ZIP code's centroid: close enough for a map
    link and "near me", and better than none."""
    if fields.get("latitude") is None and fields.get("longitude") is None:
        found = zipcodes.centroid((fields.get("postal_code") or "").strip()[:5])
        if found:
            fields = {**fields, "latitude": found[0], "longitude": found[1]}
    return fields


@transaction.atomic
def save_site(*, by, site: Site | None, fields: dict, version: int = 0) -> Site:
    """A new site, or the edit of one (refused with EditConflict if someone saved it since
    the form was opened)."""
    fields = _with_centroid(fields)
    created = site is None
    if created:
        site = Site(organization=by.organization)
    else:
        claim_version(site, version, ())
    for name, value in fields.items():
        setattr(site, name, value)
    site.save()
    record(actor=by, action="create" if created else "update", obj=site, fields=sorted(fields))
    return site


@transaction.atomic
def add_van(*, by, name: str) -> Van:
    van = Van.objects.create(organization=by.organization, name=name.strip())
    record(actor=by, action="create", obj=van, fields=["name"])
    return van


def _lock_van(van_id) -> None:
    """Two planners booking the same van wait for each other, so neither misses the
    other's booking (a row lock; SQLite's write lock does the same there)."""
    if van_id:
        list(Van.objects.select_for_update().filter(pk=van_id))


def _check_van(event: Event, *, exclude_id=None) -> None:
    clashes = recurrence.van_clashes(event, exclude_id=exclude_id)
    if clashes:
        mine, theirs = clashes[0]
        raise VanClash(
            _(
                "The van is already booked for “%(other)s” on %(date)s, %(start)s to %(end)s. "
                "Choose another van or time."
            )
            % {
                "other": theirs.event.title,
                "date": formats.date_format(mine.date),
                "start": formats.time_format(theirs.starts.timetz()),
                "end": formats.time_format(theirs.ends.timetz()),
            }
        )


@transaction.atomic
def save_event(*, by, event: Event | None, fields: dict, rule: str, version: int = 0) -> Event:
    """A new event or series, or the edit of one. Raises BadEvent (the rule, the times)
    or VanClash (the van is booked elsewhere at one of its times), EditConflict."""
    recurrence.check_event(
        first_date=fields["first_date"],
        starts_at=fields["starts_at"],
        ends_at=fields["ends_at"],
        rule=rule,
    )
    created = event is None
    if created:
        event = Event(organization=by.organization, created_by=by)
    for name, value in fields.items():
        setattr(event, name, value)
    event.rule = rule
    _lock_van(event.van_id)
    _check_van(event, exclude_id=event.pk)
    if not created:
        claim_version(event, version, ())
    event.save()
    record(actor=by, action="create" if created else "update", obj=event, fields=sorted(fields))
    # The exceptions of dates the new rule no longer gives go, each in the audit trail,
    # and the planner is told which (a calendar app does the same on a changed series).
    event.removed_changes = [] if created else _remove_stray_changes(by=by, event=event)
    return event


def _remove_stray_changes(*, by, event: Event) -> list[EventChange]:
    changes = list(event.changes.order_by("original_date"))
    if not changes:
        return []
    dates = set(recurrence.event_dates(event, changes[0].original_date, changes[-1].original_date))
    stray = [change for change in changes if change.original_date not in dates]
    for change in stray:
        _forget_change(by=by, change=change)
    return stray


@transaction.atomic
def archive_event(*, by, event: Event) -> Event:
    """Off the schedule: no more occurrences shown; its sessions and history stay."""
    if event.archived_at is None:
        event.archived_at = timezone.now()
        event.save(update_fields=["archived_at"])
        record(actor=by, action="update", obj=event, fields=["archived_at"])
    return event


@transaction.atomic
def change_date(
    *,
    by,
    event: Event,
    original_date: date,
    cancelled: bool,
    new_date: date | None = None,
    new_starts_at: time | None = None,
    new_ends_at: time | None = None,
    note: str = "",
) -> EventChange:
    """One occurrence cancelled, or moved. A van event moved onto another booking of the
    van is refused (VanClash)."""
    recurrence.check_change_date(event, original_date)
    change = EventChange(
        organization=event.organization,
        event=event,
        original_date=original_date,
        cancelled=cancelled,
        new_date=None if cancelled else new_date,
        new_starts_at=None if cancelled else new_starts_at,
        new_ends_at=None if cancelled else new_ends_at,
        note=note.strip(),
        changed_by=by,
    )
    if not cancelled and event.van_id:
        _lock_van(event.van_id)
        _check_moved(event, change)
    change.save()
    record(actor=by, action="create", obj=change, fields=["original_date", "cancelled"])
    return change


def _check_moved(event: Event, change: EventChange) -> None:
    """The moved occurrence against the van's other bookings on its new date."""
    tz = recurrence.zone(event.site.time_zone)
    starts = datetime.combine(change.new_date, change.new_starts_at, tzinfo=tz)
    ends = datetime.combine(change.new_date, change.new_ends_at, tzinfo=tz)
    others = (
        Event.objects.filter(van_id=event.van_id, archived_at__isnull=True)
        .exclude(pk=event.pk)
        .select_related("site")
    )
    for other in recurrence.occurrences(others, change.new_date, change.new_date):
        if not other.cancelled and other.starts < ends and starts < other.ends:
            raise VanClash(
                _(
                    "The van is already booked for “%(other)s” on %(date)s, %(start)s to "
                    "%(end)s. Choose another date or time."
                )
                % {
                    "other": other.event.title,
                    "date": formats.date_format(change.new_date),
                    "start": formats.time_format(other.starts.timetz()),
                    "end": formats.time_format(other.ends.timetz()),
                }
            )


@transaction.atomic
def put_date_back(*, by, change: EventChange) -> None:
    """The cancelled or moved date happens as the rule says again."""
    _forget_change(by=by, change=change)


def _forget_change(*, by, change: EventChange) -> None:
    record(
        actor=by,
        action="delete",
        obj=change,
        detail={"event": change.event_id, "original_date": change.original_date.isoformat()},
    )
    change.delete()
