"""A directory service's hours in words, from its schedules' RFC 5545 parts, for a
peer reading them out on a phone: "Monday to Friday, 9 a.m. to 5 p.m."."""

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

DAYS = {
    "MO": gettext_lazy("Monday"),
    "TU": gettext_lazy("Tuesday"),
    "WE": gettext_lazy("Wednesday"),
    "TH": gettext_lazy("Thursday"),
    "FR": gettext_lazy("Friday"),
    "SA": gettext_lazy("Saturday"),
    "SU": gettext_lazy("Sunday"),
}
ORDER = list(DAYS)
NTH = {
    1: gettext_lazy("first"),
    2: gettext_lazy("second"),
    3: gettext_lazy("third"),
    4: gettext_lazy("fourth"),
    5: gettext_lazy("fifth"),
    -1: gettext_lazy("last"),
}


def _days(byday: str) -> str:
    """ "MO,TU,WE,TH,FR" -> "Monday to Friday"; "TU,TH" -> "Tuesday, Thursday";
    "2TU" -> "second Tuesday of the month"."""
    parts = [p for p in byday.replace(" ", "").upper().split(",") if p]
    plain = [p for p in parts if p in DAYS]
    words = []
    if plain:
        index = sorted(ORDER.index(p) for p in plain)
        if len(index) >= 3 and index == list(range(index[0], index[-1] + 1)):
            words.append(
                _("%(first)s to %(last)s")
                % {"first": DAYS[ORDER[index[0]]], "last": DAYS[ORDER[index[-1]]]}
            )
        else:
            words.extend(str(DAYS[ORDER[i]]) for i in index)
    for part in parts:
        if part in DAYS:
            continue
        day, number = part[-2:], part[:-2]
        try:
            nth = NTH.get(int(number))
        except ValueError:
            nth = None
        if day in DAYS and nth:
            words.append(_("the %(nth)s %(day)s of the month") % {"nth": nth, "day": DAYS[day]})
        else:
            words.append(part)
    return ", ".join(words)


def in_words(schedule) -> str:
    """One schedule in words; its own description when the rule says nothing plainer."""
    if schedule.opens_at is None or schedule.closes_at is None:
        return schedule.description
    times = _("%(opens)s to %(closes)s") % {
        "opens": formats.time_format(schedule.opens_at, "TIME_FORMAT"),
        "closes": formats.time_format(schedule.closes_at, "TIME_FORMAT"),
    }
    freq = (schedule.freq or "").upper()
    if not freq:
        days = _("Every day")
    elif schedule.byday:
        days = _days(schedule.byday)
        if freq == "WEEKLY" and (schedule.interval or 1) > 1:
            days = _("%(days)s, every %(n)s weeks") % {"days": days, "n": schedule.interval}
    elif schedule.bymonthday:
        days = _("Day %(days)s of the month") % {"days": schedule.bymonthday}
    elif freq == "DAILY":
        days = _("Every day")
    else:
        return schedule.description or times
    return f"{days[:1].upper()}{days[1:]}, {times}"
