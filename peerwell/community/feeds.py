"""iCalendar feeds of the public schedule (RFC 5545), built with the `icalendar` library.

Each event is one VEVENT with its stored rule as RRULE, in its site's time zone (TZID,
with the VTIMEZONE), so a calendar app expands the series as `recurrence` does: a
cancelled date is an EXDATE, a moved one its own VEVENT with RECURRENCE-ID."""

import functools
import hashlib
from datetime import UTC, date, datetime, time, timedelta

from django.utils.translation import gettext as _
from icalendar import Calendar, Timezone, vRecur
from icalendar import Event as VEvent

from . import recurrence
from .models import EventChange
from .public_schedule import address

PRODUCT_ID = "-//Peerwell//Community schedule//EN"
# How often calendar apps are asked to fetch the feed again.
REFRESH = timedelta(hours=1)


def _stored_rule(event) -> vRecur | None:
    """The event's rule for the feed. A rule's UNTIL is kept as a local date (the last
    day it may happen, `recurrence._rule`); RFC 5545 wants it in UTC beside a DTSTART
    with a time zone, so it becomes the end of that day in the site's zone."""
    if not event.rule:
        return None
    parts = {}
    for part in event.rule.strip().removeprefix("RRULE:").split(";"):
        if "=" in part:
            key, value = part.split("=", 1)
            parts[key.upper()] = value
    if "UNTIL" in parts:
        until = parts["UNTIL"].rstrip("Zz")
        day = date(int(until[:4]), int(until[4:6]), int(until[6:8]))
        last = datetime.combine(day, time(23, 59, 59), tzinfo=recurrence.zone(event.site.time_zone))
        parts["UNTIL"] = last.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return vRecur.from_ical(";".join(f"{k}={v}" for k, v in parts.items()))


def _readable(event) -> bool:
    """A rule that cannot be read (edited by hand in the database) leaves its event out of
    the feed rather than breaking every subscriber's calendar."""
    try:
        recurrence.event_dates(event, event.first_date, event.first_date)
        _stored_rule(event)
    except (recurrence.BadEvent, ValueError, IndexError):
        return False
    return True


def _at(day: date, clock: time, event) -> datetime:
    return datetime.combine(day, clock, tzinfo=recurrence.zone(event.site.time_zone))


def _describe(event, note: str = "") -> str:
    lines = [note] if note else []
    lines.append(f"{_('Kind of event')}: {event.get_kind_display()}")
    lines.append(f"{_('Language')}: {event.get_language_display()}")
    if event.description:
        lines.append(event.description)
    if event.accessibility_notes or event.site.accessibility_notes:
        notes = " ".join(filter(None, [event.accessibility_notes, event.site.accessibility_notes]))
        lines.append(f"{_('Accessibility')}: {notes}")
    return "\n".join(lines)


def _component(event, stamp: datetime, *, starts: datetime, ends: datetime, note: str = ""):
    site = event.site
    component = VEvent()
    component.add("uid", str(event.uid))
    component.add("dtstamp", stamp)
    component.add("dtstart", starts)
    component.add("dtend", ends)
    component.add("summary", event.title)
    component.add("location", f"{site.name}, {address(site)}")
    if site.latitude is not None and site.longitude is not None:
        component.add("geo", (site.latitude, site.longitude))
    component.add("description", _describe(event, note))
    return component


def _stamp(event, changes) -> datetime:
    """When the event's published details last changed, as far as the tables say."""
    moments = [event.created_at, *(c.changed_at for c in changes)]
    return max(moments).astimezone(UTC)


def components(event, changes) -> list[VEvent]:
    """The VEVENTs of one event: the series, then one per moved date."""
    stamp = _stamp(event, changes)
    starts, ends = (
        _at(event.first_date, event.starts_at, event),
        _at(event.first_date, event.ends_at, event),
    )
    rule = _stored_rule(event)
    if rule is None:
        # A one-off: its own exception is the event itself, cancelled or moved.
        change = next((c for c in changes if c.original_date == event.first_date), None)
        note = change.note if change else ""
        if change and not change.cancelled:
            starts = _at(change.new_date, change.new_starts_at, event)
            ends = _at(change.new_date, change.new_ends_at, event)
        series = _component(event, stamp, starts=starts, ends=ends, note=note)
        if change and change.cancelled:
            series.add("status", "CANCELLED")
        return [series]
    series = _component(event, stamp, starts=starts, ends=ends)
    series.add("rrule", rule)
    found = [series]
    for change in sorted(changes, key=lambda c: c.original_date):
        if not recurrence.is_occurrence(event, change.original_date):
            continue
        due = _at(change.original_date, event.starts_at, event)
        if change.cancelled:
            series.add("exdate", due)
            continue
        moved = _component(
            event,
            stamp,
            starts=_at(change.new_date, change.new_starts_at, event),
            ends=_at(change.new_date, change.new_ends_at, event),
            note=change.note,
        )
        moved.add("recurrence-id", due)
        found.append(moved)
    return found


def calendar(events, *, name: str) -> bytes:
    """The feed of `events` (loaded with their sites): two queries, the events and all
    their exceptions."""
    events = [e for e in events if _readable(e)]
    changes = {}
    if events:
        rows = EventChange.objects.filter(event_id__in=[e.pk for e in events])
        for change in rows.order_by("original_date", "id"):
            changes.setdefault(change.event_id, []).append(change)
    feed = Calendar()
    feed.add("prodid", PRODUCT_ID)
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("x-wr-calname", name)
    feed.add("name", name)
    # Calendar apps ask again after this long (RFC 7986 and the older Apple property).
    feed.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    feed.add("x-published-ttl", REFRESH)
    for event in events:
        for component in components(event, changes.get(event.pk, [])):
            feed.add_component(component)
    # The VTIMEZONE of each zone the events use, before them (as add_missing_timezones
    # places them), built once per zone and process: icalendar asks for them to be cached.
    for n, tzid in enumerate(sorted(feed.get_missing_tzids())):
        try:
            feed.subcomponents.insert(n, _vtimezone(tzid))
        except ValueError:  # a zone the IANA database does not know
            continue
    return feed.to_ical()


@functools.lru_cache(maxsize=64)
def _vtimezone(tzid: str) -> Timezone:
    return Timezone.from_tzid(tzid)


def etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
