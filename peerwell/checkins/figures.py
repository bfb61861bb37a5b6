"""The TRS figures a program reports: calls made, people reached, reach rate, attempts
per reach, volunteer hours, escalations and their time to follow-up, and the share of
people reached who say they are maintaining their recovery; per week and per caller.

Every figure is an SQL aggregate (grouped by week or caller), so the page issues the
same handful of queries for ten calls or ten million. The median time to follow-up
uses window functions (row number and count per group) to fetch only the one or two
middle rows of each group."""

from datetime import datetime, time, timedelta

from django.db.models import (
    Avg,
    Count,
    DateField,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    Sum,
    Window,
)
from django.db.models.functions import RowNumber, TruncWeek
from django.utils import timezone

from .models import CallAttempt, Escalation, Outcome, Recovery

WEEKS = 12

REACHED = Q(outcome=Outcome.REACHED)
ANSWERED = REACHED & Q(maintaining_recovery__in=[Recovery.YES, Recovery.NO])
ATTEMPT_FIGURES = {
    "attempts": Count("id"),
    "calls": Count("call", distinct=True),
    "calls_reached": Count("call", distinct=True, filter=REACHED),
    "people_reached": Count("call__enrolment", distinct=True, filter=REACHED),
    "minutes": Sum("minutes"),
    "said_yes": Count("id", filter=REACHED & Q(maintaining_recovery=Recovery.YES)),
    "said_either": Count("id", filter=ANSWERED),
}
TOOK = ExpressionWrapper(F("closed_at") - F("raised_at"), output_field=DurationField())
ESCALATION_FIGURES = {
    "raised": Count("id"),
    "followed_up": Count("id", filter=Q(closed_at__isnull=False)),
    "average": Avg(TOOK, filter=Q(closed_at__isnull=False)),
}


def week_starts(today) -> list:
    """The Mondays of the last WEEKS weeks, oldest first, this week last."""
    monday = today - timedelta(days=today.weekday())
    return [monday - timedelta(weeks=n) for n in range(WEEKS - 1, -1, -1)]


def _week(field):
    return TruncWeek(field, output_field=DateField())


def _hours(duration) -> float | None:
    return None if duration is None else duration.total_seconds() / 3600


def _rates(row: dict) -> dict:
    """The ratios, from the counts (None where there is nothing to divide by)."""
    calls, reached = row.get("calls") or 0, row.get("calls_reached") or 0
    row["reach_rate"] = 100 * reached / calls if calls else None
    row["attempts_per_reach"] = row["attempts"] / reached if reached else None
    row["hours"] = (row.get("minutes") or 0) / 60
    either = row.get("said_either") or 0
    row["maintaining"] = 100 * row["said_yes"] / either if either else None
    row["average_hours"] = _hours(row.get("average"))
    return row


def _medians(escalations, group: str, expression) -> dict:
    """The median time to follow-up (in hours) of each group: the middle row, or the
    average of the two middle rows, picked in SQL by row number and count per group."""
    ranked = (
        escalations.filter(closed_at__isnull=False)
        .annotate(
            group=expression,
            took=TOOK,
            rank=Window(RowNumber(), partition_by=[expression], order_by=[TOOK.asc(), "id"]),
            size=Window(Count("id"), partition_by=[expression]),
        )
        .filter(rank__gte=(F("size") + 1) / 2, rank__lte=(F("size") + 2) / 2)
        .values_list("group", "took")
    )
    middles: dict = {}
    for key, took in ranked:  # one or two rows a group
        middles.setdefault(key, []).append(took.total_seconds() / 3600)
    return {key: sum(values) / len(values) for key, values in middles.items()}


def _empty() -> dict:
    return {
        **{name: 0 for name in (*ATTEMPT_FIGURES, "raised", "followed_up")},
        "median_hours": None,
    }


def figures_for(user, today=None) -> dict:
    """The organization's figures for the last WEEKS weeks: `weeks` (oldest first),
    `callers` (by name) and `total`."""
    today = today or timezone.localdate()
    starts = week_starts(today)
    since = timezone.make_aware(datetime.combine(starts[0], time.min))
    # The calls of those weeks too, by their own index (organization, due date): an attempt
    # falls within the rules' retry days (at most 7) of its call's day, and without this
    # the people-reached count joins every call the organization ever had.
    attempts = CallAttempt.objects.visible_to(user).filter(
        called_at__gte=since,
        call__organization_id=user.organization_id,
        call__due_date__gte=starts[0] - timedelta(days=7),
    )
    escalations = Escalation.objects.visible_to(user).filter(raised_at__gte=since)

    weeks = {start: {**_empty(), "week": start} for start in starts}
    for row in (
        attempts.annotate(week=_week("called_at"))
        .values("week")
        .annotate(**ATTEMPT_FIGURES)
        .order_by()
    ):
        weeks.setdefault(row["week"], {**_empty()}).update(row)
    for row in (
        escalations.annotate(week=_week("raised_at"))
        .values("week")
        .annotate(**ESCALATION_FIGURES)
        .order_by()
    ):
        weeks.setdefault(row["week"], {**_empty()}).update(row)
    for week, median in _medians(escalations, "week", _week("raised_at")).items():
        weeks.setdefault(week, {**_empty()})["median_hours"] = median

    callers: dict = {}
    for row in (
        attempts.values("caller_id", "caller__full_name").annotate(**ATTEMPT_FIGURES).order_by()
    ):
        callers[row["caller_id"]] = {**_empty(), **row, "name": row["caller__full_name"]}
    for row in (
        escalations.filter(raised_by__isnull=False)
        .values("raised_by_id", "raised_by__full_name")
        .annotate(**ESCALATION_FIGURES)
        .order_by()
    ):
        caller = callers.setdefault(
            row["raised_by_id"], {**_empty(), "name": row["raised_by__full_name"]}
        )
        caller.update(row)
    for caller_id, median in _medians(escalations, "raised_by", F("raised_by_id")).items():
        if caller_id in callers:
            callers[caller_id]["median_hours"] = median

    total = {**_empty(), **attempts.aggregate(**ATTEMPT_FIGURES)}
    total.update(escalations.aggregate(**ESCALATION_FIGURES))
    total["median_hours"] = _medians(escalations, "all", F("organization_id")).get(
        user.organization_id
    )
    return {
        "weeks": [_rates(weeks[start]) for start in starts],
        "callers": sorted(
            (_rates(row) for row in callers.values()), key=lambda r: (r["name"] or "").lower()
        ),
        "total": _rates(total),
        "since": starts[0],
    }
