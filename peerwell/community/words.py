"""An event's schedule in words, for the people who plan and attend it: "Every Tuesday,
6:00 to 7:30 PM, until June 1, 2027". Rules the form writes (weekly, every other week,
the nth weekday of the month) read naturally; anything else is shown as its rule."""

from datetime import datetime

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .recurrence import WEEKDAYS


def _day_name(code: str) -> str:
    names = {
        "MO": _("Monday"),
        "TU": _("Tuesday"),
        "WE": _("Wednesday"),
        "TH": _("Thursday"),
        "FR": _("Friday"),
        "SA": _("Saturday"),
        "SU": _("Sunday"),
    }
    return names.get(code, code)


def _listed(names: list[str]) -> str:
    """ "Tuesday", "Tuesday and Thursday", "Monday, Wednesday and Friday"."""
    if len(names) == 1:
        return names[0]
    return _("%(some)s and %(last)s") % {"some": ", ".join(names[:-1]), "last": names[-1]}


def _ordinal(n: int) -> str:
    return {
        1: _("First"),
        2: _("Second"),
        3: _("Third"),
        4: _("Fourth"),
        -1: _("Last"),
    }.get(n, str(n))


def rule_parts(rule: str) -> dict:
    text = rule.strip().removeprefix("RRULE:")
    return {k.upper(): v for k, _s, v in (p.partition("=") for p in text.split(";")) if v}


def _until(value: str) -> str:
    day = datetime.strptime(value.rstrip("Zz")[:8], "%Y%m%d").date()
    return formats.date_format(day)


def how_it_repeats(event) -> str:
    """The repeating part alone: "Every Tuesday", "Every other Tuesday", "First Tuesday
    of the month", "Once, on May 4, 2027", or the rule itself for anything else."""
    if not event.rule:
        return _("Once, on %(date)s") % {"date": formats.date_format(event.first_date)}
    parts = rule_parts(event.rule)
    freq, byday = parts.get("FREQ", ""), parts.get("BYDAY", "")
    interval = parts.get("INTERVAL", "1")
    known = set(parts) <= {"FREQ", "BYDAY", "INTERVAL", "UNTIL", "COUNT", "WKST"}
    codes = byday.split(",") if byday else []
    if known and freq == "WEEKLY" and codes and all(c in WEEKDAYS for c in codes):
        days = _listed([_day_name(code) for code in codes])
        if interval == "1":
            return _("Every %(day)s") % {"day": days}
        if interval == "2":
            return _("Every other %(day)s") % {"day": days}
    if known and freq == "MONTHLY" and interval == "1" and byday and "," not in byday:
        number, code = byday[:-2], byday[-2:]
        if number.lstrip("-").isdigit() and int(number) in (1, 2, 3, 4, -1):
            return _("%(nth)s %(day)s of the month") % {
                "nth": _ordinal(int(number)),
                "day": _day_name(code),
            }
    return _("Repeats by the rule %(rule)s") % {"rule": event.rule}


def times(event) -> str:
    return _("%(start)s to %(end)s") % {
        "start": formats.time_format(event.starts_at),
        "end": formats.time_format(event.ends_at),
    }


def ending(event) -> str:
    parts = rule_parts(event.rule) if event.rule else {}
    if "UNTIL" in parts:
        try:
            return _("until %(date)s") % {"date": _until(parts["UNTIL"])}
        except ValueError:
            return ""
    if "COUNT" in parts and parts["COUNT"].isdigit():
        count = int(parts["COUNT"])
        return ngettext("%(count)d session", "%(count)d sessions", count) % {"count": count}
    return ""


def schedule_in_words(event) -> str:
    """ "Every Tuesday, 6:00 to 7:30 PM, until June 1, 2027"."""
    text = f"{how_it_repeats(event)}, {times(event)}"
    end = ending(event)
    if end:
        text = f"{text}, {end}"
    return text


def removed_changes_message(changes) -> str:
    """What a planner is told when an edited series drops exceptions of dates it no
    longer has: "These changes were for dates the event no longer has, so they were
    removed: Dec 24, 2026 (cancelled), Jan 5, 2027 (moved)"."""
    listed = ", ".join(
        (_("%(date)s (cancelled)") if change.cancelled else _("%(date)s (moved)"))
        % {"date": formats.date_format(change.original_date)}
        for change in changes
    )
    return ngettext(
        "This change was for a date the event no longer has, so it was removed: %(dates)s.",
        "These changes were for dates the event no longer has, so they were removed: %(dates)s.",
        len(changes),
    ) % {"dates": listed}
