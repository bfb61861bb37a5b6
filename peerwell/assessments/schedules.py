"""Assessment schedules as data: shipped files in `schedules/`, and an organization's
`ScheduleRule` rows loaded from them (and adjusted by its admin).

A schedule file names itself and lists its timepoints, each with the instrument, what it
is counted from (intake: the day the record was made; discharge: the day of the latest
change to "discharged"), the day it falls on and how many days early or late still count
(the window). A rule may repeat ("then every 180 days")."""

import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from peerwell.audit.actions import record

from .models import Anchor, ScheduleRule

SCHEDULE_DIR = Path(__file__).resolve().parent / "schedules"

# What the shipped files say, so that the catalogue holds them and pages show them in the
# user's language (`gettext(rule.label)`): makemessages does not read JSON.
SHIPPED_WORDS = (
    _("Recovery capital (BARC-10)"),
    _(
        "The BARC-10 at intake, after 30, 90 and 180 days, then every 180 days, to show "
        "whether recovery capital grows."
    ),
    _("SUPRT timepoints"),
    _(
        "The timepoints SAMHSA-funded programs report at (SUPRT, since 2025-10-01): "
        "baseline within 30 days of intake, 6 months plus or minus 30 days, every year "
        "plus or minus 30 days, and closeout within 30 days of discharge."
    ),
    _("Intake"),
    _("30 days"),
    _("90 days"),
    _("Every 180 days"),
    _("Baseline"),
    _("6 months"),
    _("Annual"),
    _("Closeout"),
)

# Why a window is refused (the form shows these; a file error names the file and rule).
OPENS_BEFORE_ANCHOR = _(
    "The window opens %(days)s days before the day it is counted from: allow at most "
    "%(offset)s days early."
)
REPEATS_INSIDE_WINDOW = _(
    "It repeats every %(repeat)s days, but its window is %(window)s days wide, so one "
    "window would run into the next: repeat less often or narrow the window."
)
REPEATS_TOO_OFTEN = _("Repeat at most once a week (every 7 days or more).")
WINDOW_TOO_WIDE = _("Keep each number under 10,000 days.")

RULE_FIELDS = ("offset_days", "window_before", "window_after", "repeat_days")
MOST_DAYS = 9999


class ScheduleFileError(ValueError):
    """A shipped or given schedule file that cannot be used; the message names the file
    and the rule."""


def window_problem(*, offset_days, window_before, window_after, repeat_days=None):
    """What makes no sense about a timepoint's window, in plain words, or None."""
    if max(offset_days, window_before, window_after, repeat_days or 0) > MOST_DAYS:
        return WINDOW_TOO_WIDE
    if window_before > offset_days:
        return OPENS_BEFORE_ANCHOR % {"days": window_before, "offset": offset_days}
    if repeat_days is not None:
        if repeat_days < 7:
            return REPEATS_TOO_OFTEN
        if repeat_days <= window_before + window_after:
            return REPEATS_INSIDE_WINDOW % {
                "repeat": repeat_days,
                "window": window_before + window_after + 1,
            }
    return None


@dataclass(frozen=True)
class ShippedSchedule:
    key: str
    name: str
    description: str
    rules: tuple


def _whole_days(value, name, where):
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ScheduleFileError(f"{where}: {name} must be a whole number of days, 0 or more")
    return value


def _rule(raw, where, position) -> dict:
    if not isinstance(raw, dict):
        raise ScheduleFileError(f"{where}: a rule must be an object")
    for name in ("label", "instrument"):
        if not isinstance(raw.get(name), str) or not raw[name].strip():
            raise ScheduleFileError(f"{where}: {name} is missing")
    if len(raw["label"]) > 60 or len(raw["instrument"]) > 40:
        raise ScheduleFileError(f"{where}: label or instrument too long")
    if raw.get("anchor") not in Anchor.values:
        raise ScheduleFileError(f"{where}: anchor must be one of {', '.join(Anchor.values)}")
    unknown = set(raw) - {"label", "instrument", "anchor", *RULE_FIELDS}
    if unknown:
        raise ScheduleFileError(f"{where}: unknown field {', '.join(sorted(unknown))}")
    rule = {
        "label": raw["label"].strip(),
        "instrument": raw["instrument"].strip(),
        "anchor": raw["anchor"],
        "position": position,
    }
    for name in RULE_FIELDS:
        value = raw.get(name, 0 if name != "repeat_days" else None)
        rule[name] = None if value is None else _whole_days(value, name, where)
    problem = window_problem(**{name: rule[name] for name in RULE_FIELDS})
    if problem:
        raise ScheduleFileError(f"{where}: {problem}")
    return rule


def read_schedule(path: Path) -> ShippedSchedule:
    """A schedule file, checked; ScheduleFileError names the file and the rule at fault."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ScheduleFileError(f"{path.name}: cannot be read as JSON ({error})") from None
    if not isinstance(data, dict) or not isinstance(data.get("name"), str):
        raise ScheduleFileError(f"{path.name}: name is missing")
    raws = data.get("rules")
    if not isinstance(raws, list) or not raws:
        raise ScheduleFileError(f"{path.name}: rules must be a list of at least one rule")
    rules, labels = [], set()
    for position, raw in enumerate(raws):
        label = raw.get("label") if isinstance(raw, dict) else None
        where = f"{path.name}, rule {position + 1}" + (f" ({label})" if label else "")
        rule = _rule(raw, where, position)
        if rule["label"].casefold() in labels:
            raise ScheduleFileError(f"{where}: another rule has the same label")
        labels.add(rule["label"].casefold())
        rules.append(rule)
    key = path.stem
    if len(key) > 60:
        raise ScheduleFileError(f"{path.name}: the file name is too long for a schedule")
    return ShippedSchedule(key, data["name"], data.get("description", ""), tuple(rules))


def shipped_schedules() -> dict[str, ShippedSchedule]:
    """Every schedule shipped with Peerwell, by key (the file name without .json)."""
    return {path.stem: read_schedule(path) for path in sorted(SCHEDULE_DIR.glob("*.json"))}


def schedules_in_use(organization_id) -> set[str]:
    return set(
        ScheduleRule.objects.filter(organization_id=organization_id)
        .values_list("schedule", flat=True)
        .distinct()
    )


@transaction.atomic
def load_schedule(*, organization, schedule: ShippedSchedule, by=None, reset=False) -> dict:
    """The organization uses this schedule: its timepoints appear on the due list. Run
    again, it adds only what is missing, keeping windows the admin adjusted; with
    `reset`, the file's windows replace them. Returns counts: created, reset, kept."""
    existing = {
        rule.label: rule
        for rule in ScheduleRule.objects.filter(organization=organization, schedule=schedule.key)
    }
    counts = {"created": 0, "reset": 0, "kept": 0}
    for values in schedule.rules:
        values = dict(values)
        rule = existing.get(values["label"])
        if rule is None:
            rule = ScheduleRule.objects.create(
                organization=organization, schedule=schedule.key, **values
            )
            counts["created"] += 1
            record(actor=by, organization=organization, action="create", obj=rule)
        elif reset and any(getattr(rule, k) != v for k, v in values.items()):
            changed = [k for k, v in values.items() if getattr(rule, k) != v]
            for name, value in values.items():
                setattr(rule, name, value)
            rule.save()
            counts["reset"] += 1
            record(actor=by, organization=organization, action="update", obj=rule, fields=changed)
        else:
            counts["kept"] += 1
    return counts


@transaction.atomic
def stop_schedule(*, organization, key: str, by=None) -> int:
    """The organization no longer uses this schedule: its timepoints leave the due list
    (administrations already recorded stay on the records)."""
    rules = list(ScheduleRule.objects.filter(organization=organization, schedule=key))
    for rule in rules:
        record(actor=by, organization=organization, action="delete", obj=rule)
    ScheduleRule.objects.filter(pk__in=[rule.pk for rule in rules]).delete()
    return len(rules)


@transaction.atomic
def choose_schedules(*, by, organization, keys) -> None:
    """The schedules the organization uses are exactly `keys` (of the shipped ones)."""
    shipped = shipped_schedules()
    using = schedules_in_use(organization.pk)
    for key in sorted(set(keys) - using):
        load_schedule(organization=organization, schedule=shipped[key], by=by)
    for key in sorted(using - set(keys)):
        stop_schedule(organization=organization, key=key, by=by)


@transaction.atomic
def change_window(*, by, rule: ScheduleRule, **windows) -> ScheduleRule:
    """The timepoint's new day and window count from the next time the list is shown.
    Refuses (ValueError with the plain reason) a window that makes no sense."""
    problem = window_problem(**{name: windows[name] for name in RULE_FIELDS})
    if problem:
        raise ValueError(str(problem))
    # Compared with what is stored: a bound form has already written its input on the
    # instance it was given.
    stored = ScheduleRule.objects.filter(pk=rule.pk).values(*RULE_FIELDS).get()
    changed = [name for name in RULE_FIELDS if stored[name] != windows[name]]
    for name in RULE_FIELDS:
        setattr(rule, name, windows[name])
    rule.save(update_fields=RULE_FIELDS)
    if changed:
        record(actor=by, action="update", obj=rule, fields=changed)
    return rule
