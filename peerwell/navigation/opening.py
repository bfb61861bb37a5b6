"""When directory services are open: each schedule's RFC 5545 rule (HSDS keeps its parts
in columns) expanded with dateutil's rrule in the site's time zone, so daylight saving
moves the hours with the clocks. The expansion is stored as `OpenPeriod` rows for the
coming days, and "open now" is one indexed range test in SQL."""

from datetime import UTC, date, datetime, time, timedelta
from datetime import timezone as dt_timezone
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import OpenPeriod, Schedule

# How far ahead the periods are kept; the worker's daily refresh rolls the window on.
DAYS_AHEAD = 14
BATCH = 5000
# The numeric parts of a rule and the values RFC 5545 allows (negatives count from the end).
RANGES = (("bymonthday", 1, 31), ("byyearday", 1, 366), ("byweekno", 1, 53))


class BadRule(ValueError):
    """A schedule whose parts do not make an RFC 5545 rule."""


def site_zone():
    return ZoneInfo(settings.TIME_ZONE)


def rule_text(schedule) -> str:
    """The RRULE of a schedule's HSDS columns ("FREQ=WEEKLY;BYDAY=MO,WE"), or "" when it
    has no frequency (open every day between its hours)."""
    if not schedule.freq:
        return ""
    parts = [f"FREQ={schedule.freq.upper()}"]
    if schedule.interval:
        parts.append(f"INTERVAL={schedule.interval}")
    for name in ("byday", "byweekno", "bymonthday", "byyearday"):
        value = (getattr(schedule, name) or "").replace(" ", "").upper()
        if value:
            parts.append(f"{name.upper()}={value}")
    if schedule.wkst:
        parts.append(f"WKST={schedule.wkst.upper()}")
    if schedule.count:
        parts.append(f"COUNT={schedule.count}")
    elif schedule.until:
        parts.append(f"UNTIL={schedule.until:%Y%m%d}T235959")
    return ";".join(parts)


def check_rule(schedule) -> None:
    """Raises BadRule, in plain words, when the schedule's rule cannot be read."""
    if schedule.freq and schedule.freq.upper() not in {"WEEKLY", "MONTHLY", "DAILY", "YEARLY"}:
        raise BadRule(
            _("“%(freq)s” is not a frequency (WEEKLY or MONTHLY).") % {"freq": schedule.freq}
        )
    for name, low, high in RANGES:
        for part in filter(None, (getattr(schedule, name) or "").replace(" ", "").split(",")):
            number = part.lstrip("+-")
            if not number.isdigit() or not low <= int(number) <= high:
                raise BadRule(
                    _("“%(value)s” cannot be a %(part)s (from %(low)s to %(high)s).")
                    % {"value": part, "part": name, "low": low, "high": high}
                )
    text = rule_text(schedule)
    if text:
        anchor = schedule.dtstart or schedule.valid_from or date(2024, 1, 1)
        try:
            rule = rrulestr(text, dtstart=datetime.combine(anchor, time()))
            first = rule.after(datetime.combine(anchor, time()), inc=True)
        except (ValueError, TypeError) as error:
            raise BadRule(
                _("The recurrence rule “%(rule)s” cannot be read: %(error)s")
                % {"rule": text, "error": error}
            ) from error
        if first is None:
            raise BadRule(_("The rule “%(rule)s” never happens.") % {"rule": text})


def _zone(schedule):
    """HSDS's `timezone` is a UTC offset in hours; without one, the site's zone."""
    if schedule.timezone is None:
        return site_zone()
    return dt_timezone(timedelta(hours=schedule.timezone))


def _default_anchor(schedule, start: date) -> date:
    """Where a rule without a start of its own begins: a Monday (for a weekly rule without
    BYDAY). An every-week or every-month rule without COUNT is the same from any Monday
    on or before the first of `start`'s month, and rrule walks every occurrence from its
    anchor: from 2000 that is 7,000 steps a schedule, which made the nightly refresh of
    20,000 services take a quarter of an hour. Rules with INTERVAL or COUNT depend on
    where they began, so they keep the fixed Monday, 3 January 2000."""
    if (schedule.interval or 1) == 1 and not schedule.count:
        first = start.replace(day=1)
        return first - timedelta(days=first.weekday())
    return date(2000, 1, 3)


def periods(schedule, start: date, days: int = DAYS_AHEAD):
    """(starts_at, ends_at) in UTC for each day the schedule is open from `start` for
    `days` days. Nothing for a schedule without hours or outside its valid dates."""
    if schedule.opens_at is None or schedule.closes_at is None:
        return []
    zone = _zone(schedule)
    end = start + timedelta(days=days)
    if schedule.valid_from and schedule.valid_from > start:
        start = schedule.valid_from
    if schedule.valid_to and schedule.valid_to < end:
        end = schedule.valid_to + timedelta(days=1)
    if start >= end:
        return []
    text = rule_text(schedule)
    if text:
        anchor = schedule.dtstart or schedule.valid_from or _default_anchor(schedule, start)
        rule = rrulestr(text, dtstart=datetime.combine(anchor, time()))
        dates = [
            d.date()
            for d in rule.between(
                datetime.combine(start, time()), datetime.combine(end, time()), inc=True
            )
        ]
        dates = [d for d in dates if start <= d < end]
    else:
        dates = [start + timedelta(days=i) for i in range((end - start).days)]
    out = []
    for day in dates:
        opens = datetime.combine(day, schedule.opens_at, tzinfo=zone)
        closing_day = day if schedule.closes_at > schedule.opens_at else day + timedelta(days=1)
        closes = datetime.combine(closing_day, schedule.closes_at, tzinfo=zone)
        out.append((opens.astimezone(UTC), closes.astimezone(UTC)))
    return out


def service_of(schedule):
    if schedule.service_id:
        return schedule.service_id
    if schedule.service_at_location_id:
        return schedule.service_at_location.service_id
    return None


@transaction.atomic
def refresh_open_periods(
    *, service_ids=None, start: date | None = None, days: int = DAYS_AHEAD
) -> int:
    """Rebuilds the open periods of the given services (all when None) from `start` (the
    site's today). Idempotent: run it twice and the rows are the same. Returns how many
    periods were written."""
    start = start or timezone.localdate()
    schedules = Schedule.objects.select_related("service_at_location").filter(
        opens_at__isnull=False, closes_at__isnull=False
    )
    old = OpenPeriod.objects.all()
    if service_ids is not None:
        service_ids = list(service_ids)
        schedules = schedules.filter(service_id__in=service_ids) | schedules.filter(
            service_at_location__service_id__in=service_ids
        )
        old = old.filter(service_id__in=service_ids)
    old.delete()
    written, batch = 0, []
    for schedule in schedules.iterator(chunk_size=2000):
        service_id = service_of(schedule)
        if service_id is None:
            continue
        try:
            found = periods(schedule, start, days)
        except (ValueError, TypeError):
            continue  # refused at import and edit; an old bad row only stays shut
        for opens, closes in found:
            batch.append(
                OpenPeriod(
                    service_id=service_id, schedule=schedule, starts_at=opens, ends_at=closes
                )
            )
        if len(batch) >= BATCH:
            OpenPeriod.objects.bulk_create(batch)
            written += len(batch)
            batch = []
    OpenPeriod.objects.bulk_create(batch)
    return written + len(batch)


def open_now(queryset, now=None):
    """Services of `queryset` open at `now` (default: this moment)."""
    now = now or timezone.now()
    return queryset.filter(
        open_periods__starts_at__lte=now, open_periods__ends_at__gt=now
    ).distinct()
