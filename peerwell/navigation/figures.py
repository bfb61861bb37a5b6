"""The referral figures a program reports, over a period: referrals by need and status,
the completion rate, the median days from sending to completion, and the referrals back
to treatment with the median hours from the flag (the check-in escalation) to the
hand-off (sending).

Every figure is an SQL aggregate, so the page issues the same few queries for ten
referrals or ten million; medians fetch only the one or two middle rows, picked by row
number and count in a window (as `checkins/figures.py` does), on SQLite and PostgreSQL."""

from datetime import timedelta

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from .models import Need, Referral, ReferralKind, ReferralStatus

S = ReferralStatus
TO_COMPLETION = ExpressionWrapper(F("closed_at") - F("sent_at"), output_field=DurationField())
TO_HANDOFF = ExpressionWrapper(
    F("sent_at") - F("escalation__raised_at"), output_field=DurationField()
)


def _median(rows, took) -> float | None:
    """The median of `took` over `rows` in seconds: the middle row, or the average of the
    two middle rows."""
    ranked = (
        rows.annotate(
            took=took,
            rank=Window(RowNumber(), order_by=[took.asc(), F("id").asc()]),
            size=Window(Count("id")),
        )
        .order_by()
        .values_list("took", "rank", "size")
    )
    # Django wraps a filter on a window in a subquery: only the middle rows come back.
    middles = [
        took.total_seconds()
        for took, rank, size in ranked.filter(
            rank__gte=(F("size") + 1) / 2, rank__lte=(F("size") + 2) / 2
        )
    ]
    return sum(middles) / len(middles) if middles else None


def figures_for(user, *, days: int = 90, now=None) -> dict:
    """The organization's referral figures for referrals made in the last `days` days."""
    now = now or timezone.now()
    since = now - timedelta(days=days)
    referrals = Referral.objects.visible_to(user).filter(proposed_at__gte=since)
    counts = {
        (row["need"], row["status"]): row["n"]
        for row in referrals.values("need", "status").annotate(n=Count("id")).order_by()
    }
    statuses = list(S)
    table = []
    for need in Need:
        cells = [counts.get((need.value, s.value), 0) for s in statuses]
        if any(cells):
            table.append({"need": need.label, "counts": cells, "total": sum(cells)})
    totals = [sum(row["counts"][i] for row in table) for i in range(len(statuses))]
    # Each cell with its column heading, for the table that stacks on a phone.
    labels = [s.label for s in statuses]
    for row in table:
        row["cells"] = list(zip(labels, row["counts"], strict=True))
    by_status = dict(zip(statuses, totals, strict=True))
    closed = by_status[S.DECLINED] + by_status[S.COMPLETED] + by_status[S.NOT_COMPLETED]
    completed = referrals.filter(status=S.COMPLETED, sent_at__isnull=False)
    back = referrals.filter(kind=ReferralKind.BACK_TO_TREATMENT)
    handed = back.filter(escalation__isnull=False, sent_at__isnull=False)
    back_counts = back.aggregate(
        total=Count("id"), linked=Count("id", filter=Q(escalation__isnull=False))
    )
    median_completion = _median(completed, TO_COMPLETION)
    median_handoff = _median(handed, TO_HANDOFF)
    return {
        "since": since,
        "days": days,
        "statuses": [s.label for s in statuses],
        "table": table,
        "totals": list(zip(labels, totals, strict=True)),
        "total": sum(totals),
        "closed": closed,
        "completed": by_status[S.COMPLETED],
        "completion_rate": 100 * by_status[S.COMPLETED] / closed if closed else None,
        "median_days": median_completion / 86400 if median_completion is not None else None,
        "back_to_treatment": back_counts["total"],
        "back_linked": back_counts["linked"],
        "median_handoff_hours": median_handoff / 3600 if median_handoff is not None else None,
    }
