"""The organization's assessment figures, each one SQL aggregate: how the latest complete
scores spread over the instrument's bands, and the average change from intake (the first
complete administration) to six months (a complete one 150 to 210 days later), paired:
only participants with both count, and n says how many."""

from datetime import timedelta

from django.db.models import (
    Avg,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
)

from .instruments import Instrument
from .models import Administration

SIX_MONTHS = (timedelta(days=150), timedelta(days=210))


def _complete(user, instrument: Instrument):
    return Administration.objects.visible_to(user).filter(
        instrument=instrument.code, complete=True, participant__merged_into__isnull=True
    )


def latest_score_bands(user, instrument: Instrument) -> list[dict]:
    """[{"from", "to", "people"}] for each band, counting each participant's latest
    complete score once."""
    latest = (
        Administration.objects.filter(
            participant=OuterRef("participant"), instrument=instrument.code, complete=True
        )
        .order_by("-administered_on", "-id")
        .values("id")[:1]
    )
    scores = _complete(user, instrument).filter(id=Subquery(latest))
    counts = scores.aggregate(
        **{
            f"band{n}": Count("id", filter=Q(total__gte=low, total__lte=high))
            for n, (low, high) in enumerate(instrument.bands)
        }
    )
    return [
        {"from": low, "to": high, "people": counts[f"band{n}"] or 0}
        for n, (low, high) in enumerate(instrument.bands)
    ]


def change_to_six_months(user, instrument: Instrument) -> dict:
    """{"n", "intake", "six_months", "change"}: averages over the participants with an
    intake score and one 150-210 days later (the first in that window)."""
    ordered = ("administered_on", "id")
    intake = Administration.objects.filter(
        participant=OuterRef("participant"), instrument=instrument.code, complete=True
    ).order_by(*ordered)
    since = ExpressionWrapper(F("administered_on") - F("intake_on"), output_field=DurationField())
    in_window = (
        _complete(user, instrument)
        .annotate(
            intake_on=Subquery(intake.values("administered_on")[:1]),
            intake_total=Subquery(intake.values("total")[:1], output_field=IntegerField()),
        )
        .annotate(since=since)
        .filter(since__gte=SIX_MONTHS[0], since__lte=SIX_MONTHS[1])
    )
    # One pair per participant: the first administration in the window.
    first_in_window = in_window.filter(participant=OuterRef("participant")).order_by(*ordered)
    pairs = in_window.filter(id=Subquery(first_in_window.values("id")[:1]))
    figures = pairs.aggregate(
        n=Count("id"),
        intake=Avg("intake_total"),
        six_months=Avg("total"),
        change=Avg(F("total") - F("intake_total")),
    )
    return figures
