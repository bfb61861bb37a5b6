"""Which assessments are due or overdue, for a list of participants, on a day.

Three queries whatever the list holds: the organization's schedule rules; the
participants with their intake and discharge dates; the dates of their administrations.
The rest is arithmetic on dates, in Python, for the whole list (a caseload, or an
organization of thousands: see the test that times it), then one page is shown.

- A timepoint falls `offset_days` after intake or discharge, and counts from
  `window_before` days early to `window_after` days late; a repeating one falls again
  every `repeat_days`. Any administration of its instrument within the window fulfils it
  (an incomplete one too: the sitting happened, some answers were declined).
- Only the latest window that has opened matters for each rule: an earlier one missed is
  past mending once the next is open. Likewise an overdue timepoint leaves the list once a
  later timepoint of the same schedule and instrument opens (the 30-day one replaces a
  missed intake), or a year after its window closed.
- A discharged participant gets only timepoints counted from discharge (closeout), and a
  participant who is not discharged only those counted from intake."""

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Case, OuterRef, Subquery, When
from django.utils import timezone
from django.utils.translation import gettext

from peerwell.participants.models import Status, StatusChange

from .models import Administration, Anchor, ScheduleRule

OVERDUE_KEPT_DAYS = 365
# What a row shows of a participant (their record's encrypted fields stay unread).
PARTICIPANT_FIELDS = (
    "id",
    "organization_id",
    "first_name",
    "last_name",
    "preferred_name",
    "created_at",
    "status",
    "assigned_peer_id",
)


def instrument_name(key: str) -> str:
    """The instrument's short name for a list ("BARC-10")."""
    return {"barc10": "BARC-10"}.get(key, key)


@dataclass
class Due:
    participant: object
    rule: ScheduleRule
    opens: date
    closes: date
    # The day after the window closed, when it was missed; None while it is open.
    overdue_since: date | None

    @property
    def timepoint(self) -> str:
        return gettext(self.rule.label)

    @property
    def instrument(self) -> str:
        return instrument_name(self.rule.instrument)


def with_dates(participants):
    """The participants with `discharged_at`: when they were discharged (the latest
    change to "discharged"), for those discharged now; one indexed subquery per
    discharged row only."""
    latest = StatusChange.objects.filter(
        participant=OuterRef("pk"), to_status=Status.DISCHARGED
    ).order_by("-changed_at")
    return participants.only(*PARTICIPANT_FIELDS).annotate(
        discharged_at=Case(
            When(status=Status.DISCHARGED, then=Subquery(latest.values("changed_at")[:1]))
        )
    )


def _local(moment) -> date | None:
    return timezone.localtime(moment).date() if moment else None


def _latest_open(rule, anchor: date, today: date):
    """The window (opens, closes) of the rule's latest occurrence that has opened by
    `today`, or None while the first is still ahead."""
    first = anchor + timedelta(days=rule.offset_days)
    opens = first - timedelta(days=rule.window_before)
    if today < opens:
        return None
    if rule.repeat_days:
        opens += timedelta(days=(today - opens).days // rule.repeat_days * rule.repeat_days)
    return opens, opens + timedelta(days=rule.window_before + rule.window_after)


def _fulfilled(days: list[date], opens: date, closes: date) -> bool:
    at = bisect_left(days, opens)
    return at < len(days) and days[at] <= closes


def due_for(participant, rules, done: dict, today: date) -> list[Due]:
    """The participant's due and overdue timepoints on `today`. `done`: {instrument:
    sorted dates of their administrations}."""
    if participant.status == Status.DISCHARGED:
        anchor, kind = _local(participant.discharged_at), Anchor.DISCHARGE
    else:
        anchor, kind = _local(participant.created_at), Anchor.INTAKE
    if anchor is None:  # discharged before the history kept the date: nothing to count from
        return []
    opened, rows = {}, []
    for rule in rules:
        if rule.anchor != kind:
            continue
        window = _latest_open(rule, anchor, today)
        if window is None:
            continue
        opens, closes = window
        group = (rule.schedule, rule.instrument)
        opened[group] = max(opened.get(group, opens), opens)
        if _fulfilled(done.get(rule.instrument, []), opens, closes):
            continue
        since = closes + timedelta(days=1) if closes < today else None
        rows.append(Due(participant, rule, opens, closes, since))
    horizon = today - timedelta(days=OVERDUE_KEPT_DAYS)
    return [
        row
        for row in rows
        if row.overdue_since is None
        or (
            opened[(row.rule.schedule, row.rule.instrument)] <= row.closes and row.closes >= horizon
        )
    ]


def _order(row: Due):
    # Overdue first, longest overdue first; then those whose window closes soonest.
    p = row.participant
    first = row.overdue_since is None
    return (first, row.closes, p.last_name.casefold(), p.first_name.casefold(), p.pk, row.opens)


def due_list(participants, *, rules, today: date | None = None) -> list[Due]:
    """Every due or overdue timepoint of `participants` (a queryset) by the organization's
    `rules` (a list), in list order."""
    today = today or timezone.localdate()
    if not rules:
        return []
    people = list(with_dates(participants))
    done = defaultdict(lambda: defaultdict(list))
    dates = (
        Administration.objects.filter(
            organization_id=rules[0].organization_id,
            instrument__in={rule.instrument for rule in rules},
            participant__in=participants.values("pk"),
        )
        .order_by()
        .values_list("participant_id", "instrument", "administered_on")
    )
    for participant_id, instrument, day in dates:
        done[participant_id][instrument].append(day)
    for by_instrument in done.values():
        for days in by_instrument.values():
            days.sort()
    rows = []
    for person in people:
        rows.extend(due_for(person, rules, done.get(person.pk, {}), today))
    return sorted(rows, key=_order)
