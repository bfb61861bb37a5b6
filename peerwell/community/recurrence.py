"""When community events happen: each event's RFC 5545 rule expanded by dateutil's rrule
in its site's time zone (so a 6 PM meeting stays at 6 PM when the clocks change), with
the series' exceptions applied: a cancelled date, or one moved to another day or time.

No date arithmetic of our own: rules are written by `build_rule` and read by dateutil;
the iCalendar feeds carry the same rule, so a calendar app expands it the same way."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.rrule import rrulestr
from django.conf import settings
from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext as _

# Frequencies a community schedule uses; hourly and finer rules are refused.
FREQUENCIES = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
# How far ahead a van's bookings are compared with each other.
CLASH_HORIZON_DAYS = 366


class BadEvent(ValueError):
    """An event, rule or exception that cannot be scheduled, said in plain words."""


@dataclass(frozen=True)
class Occurrence:
    event: object
    original_date: date  # the date the rule gives: iCalendar's RECURRENCE-ID
    date: date  # the date it happens, once moved
    starts: datetime  # aware, in the site's time zone
    ends: datetime
    cancelled: bool = False
    moved: bool = False
    note: str = ""

    @property
    def key(self) -> str:
        return f"{self.event.pk}-{self.original_date:%Y%m%d}"


def zone(name: str | None = None) -> ZoneInfo:
    try:
        return ZoneInfo(name or settings.TIME_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(settings.TIME_ZONE)


def check_zone(name: str) -> None:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise BadEvent(
            _("“%(zone)s” is not a time zone (for example America/New_York).") % {"zone": name}
        ) from error


def _rule(text: str, first_date: date):
    """dateutil's rule for `text`, anchored at midnight of the first date (local, naive)."""
    text = text.strip().removeprefix("RRULE:")
    parts = dict(p.split("=", 1) for p in text.split(";") if "=" in p)
    if parts.get("FREQ", "").upper() not in FREQUENCIES:
        raise BadEvent(
            _("A rule repeats daily, weekly, monthly or yearly: “%(rule)s” does not.")
            % {"rule": text}
        )
    if "UNTIL" in parts:
        # A local date or date-time; a UTC one ("...Z") is read as the local day it names.
        parts["UNTIL"] = parts["UNTIL"].rstrip("Zz")
        if "T" not in parts["UNTIL"]:
            parts["UNTIL"] += "T235959"
        text = ";".join(f"{k}={v}" for k, v in parts.items())
    try:
        return rrulestr(text, dtstart=datetime.combine(first_date, time()))
    except (ValueError, TypeError, KeyError) as error:
        raise BadEvent(
            _("The rule “%(rule)s” cannot be read: %(error)s") % {"rule": text, "error": error}
        ) from error


def rule_dates(rule: str, first_date: date, start: date, end: date) -> list[date]:
    """The dates in [start, end] that a rule (or a one-off on `first_date`) gives."""
    if not rule:
        return [first_date] if start <= first_date <= end else []
    start = max(start, first_date)
    if end < start:
        return []
    found = _rule(rule, first_date).between(
        datetime.combine(start, time()), datetime.combine(end, time.max), inc=True
    )
    return [moment.date() for moment in found]


def event_dates(event, start: date, end: date) -> list[date]:
    return rule_dates(event.rule, event.first_date, start, end)


def is_occurrence(event, day: date) -> bool:
    return bool(event_dates(event, day, day))


def _at(day: date, clock: time, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, clock, tzinfo=tz)


def changes_for(events, start: date, end: date) -> dict:
    """The exceptions of `events` that touch [start, end], keyed by (event id, original
    date): one query."""
    from .models import EventChange

    ids = [e.pk for e in events]
    if not ids:
        return {}
    rows = EventChange.objects.filter(event_id__in=ids).filter(
        Q(original_date__range=(start, end)) | Q(new_date__range=(start, end))
    )
    return {(c.event_id, c.original_date): c for c in rows}


def occurrences(events, start: date, end: date, changes: dict | None = None) -> list[Occurrence]:
    """Every occurrence of `events` from `start` to `end` (local dates), exceptions
    applied, in time order. Events need their `site` loaded; exceptions are read in one
    query unless given (`changes_for`)."""
    events = list(events)
    if changes is None:
        changes = changes_for(events, start, end)
    by_id = {e.pk: e for e in events}
    found = []
    seen = set()
    for event in events:
        tz = zone(event.site.time_zone)
        for day in event_dates(event, start, end):
            seen.add((event.pk, day))
            change = changes.get((event.pk, day))
            if change is None:
                found.append(
                    Occurrence(
                        event, day, day, _at(day, event.starts_at, tz), _at(day, event.ends_at, tz)
                    )
                )
            elif change.cancelled:
                found.append(
                    Occurrence(
                        event,
                        day,
                        day,
                        _at(day, event.starts_at, tz),
                        _at(day, event.ends_at, tz),
                        cancelled=True,
                        note=change.note,
                    )
                )
            elif start <= change.new_date <= end:
                found.append(_moved(event, change, tz))
    # Occurrences moved into the window from a date outside it.
    for (event_id, day), change in changes.items():
        event = by_id.get(event_id)
        if event is None or (event_id, day) in seen or change.cancelled:
            continue
        if start <= change.new_date <= end and is_occurrence(event, day):
            found.append(_moved(event, change, zone(event.site.time_zone)))
    found.sort(key=lambda o: (o.starts, o.event.pk))
    return found


def _moved(event, change, tz) -> Occurrence:
    return Occurrence(
        event,
        change.original_date,
        change.new_date,
        _at(change.new_date, change.new_starts_at, tz),
        _at(change.new_date, change.new_ends_at, tz),
        moved=True,
        note=change.note,
    )


def check_event(*, first_date: date, starts_at: time, ends_at: time, rule: str) -> None:
    """Raises BadEvent, in plain words, for an event that cannot be scheduled."""
    if ends_at <= starts_at:
        raise BadEvent(_("The event ends before it starts: check the start and end times."))
    if rule:
        parsed = _rule(rule, first_date)
        try:
            first = parsed.after(datetime.combine(first_date, time()), inc=True)
        except (ValueError, TypeError) as error:
            raise BadEvent(
                _("The rule “%(rule)s” cannot be read: %(error)s") % {"rule": rule, "error": error}
            ) from error
        if first is None:
            raise BadEvent(
                _("The rule “%(rule)s” never happens on or after %(date)s.")
                % {"rule": rule, "date": formats.date_format(first_date)}
            )


def check_change_date(event, original_date: date) -> None:
    """An exception must name a date the event happens on."""
    if is_occurrence(event, original_date):
        return
    upcoming = event_dates(event, original_date, original_date + timedelta(days=62))[:3]
    message = _("“%(title)s” does not happen on %(date)s.") % {
        "title": event.title,
        "date": formats.date_format(original_date),
    }
    if upcoming:
        message += " " + _("Its next dates are %(dates)s.") % {
            "dates": ", ".join(formats.date_format(d) for d in upcoming)
        }
    raise BadEvent(message)


def build_rule(
    repeat: str, first_date: date, *, ends_on: date | None = None, count: int | None = None
) -> str:
    """The RRULE for the form's choices: "once", "weekly", "biweekly" (every other week)
    or "monthly" (the same weekday of the month as the first date: first Tuesday, or the
    last one when the first date is in the month's last week of five)."""
    if repeat == "once":
        return ""
    day = WEEKDAYS[first_date.weekday()]
    if repeat == "weekly":
        parts = ["FREQ=WEEKLY", f"BYDAY={day}"]
    elif repeat == "biweekly":
        parts = ["FREQ=WEEKLY", "INTERVAL=2", f"BYDAY={day}"]
    elif repeat == "monthly":
        nth = (first_date.day - 1) // 7 + 1
        parts = ["FREQ=MONTHLY", f"BYDAY={-1 if nth == 5 else nth}{day}"]
    else:
        raise BadEvent(_("“%(repeat)s” is not a way to repeat.") % {"repeat": repeat})
    if count:
        parts.append(f"COUNT={count}")
    elif ends_on:
        parts.append(f"UNTIL={ends_on:%Y%m%d}")
    return ";".join(parts)


def van_clashes(event, *, exclude_id=None, horizon_days: int = CLASH_HORIZON_DAYS):
    """Occurrences of other events booked on the same van that overlap this event's, in
    the coming `horizon_days` from its first date (or today). [(mine, theirs), ...]"""
    from django.utils import timezone

    from .models import Event

    if not event.van_id:
        return []
    start = max(event.first_date, timezone.localdate())
    end = start + timedelta(days=horizon_days)
    others = list(
        Event.objects.filter(van_id=event.van_id, archived_at__isnull=True)
        .exclude(pk=exclude_id)
        .select_related("site")
    )
    if not others:
        return []
    mine = [
        o
        for o in occurrences([event], start, end, changes={} if not event.pk else None)
        if not o.cancelled
    ]
    theirs = [o for o in occurrences(others, start, end) if not o.cancelled]
    clashes = []
    for a in mine:
        for b in theirs:
            if a.starts < b.ends and b.starts < a.ends:
                clashes.append((a, b))
    return clashes
