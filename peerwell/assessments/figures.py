"""The organization's assessment figures, each one SQL aggregate: how the latest complete
scores spread over the instrument's bands, and the average change from intake (the first
complete administration) to six months (a complete one 150 to 210 days later), paired:
only participants with both count, and n says how many."""

from datetime import timedelta

from django.db.models import (
    Count,
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
    intake score and one 150-210 days later (the first in that window).

    One query reads the organization's complete scores in order (three columns); the
    pairing walks them once. Correlated subqueries for each administration took most of
    a second at 4,000 participants."""
    rows = (
        _complete(user, instrument)
        .order_by("participant_id", "administered_on", "id")
        .values_list("participant_id", "administered_on", "total")
    )
    pairs, current, intake_on, intake_total, paired = [], None, None, None, False
    for participant_id, on, total in rows.iterator(chunk_size=5000):
        if participant_id != current:
            current, intake_on, intake_total, paired = participant_id, on, total, False
        elif not paired and SIX_MONTHS[0] <= on - intake_on <= SIX_MONTHS[1]:
            pairs.append((intake_total, total))
            paired = True
    n = len(pairs)
    if not n:
        return {"n": 0, "intake": None, "six_months": None, "change": None}
    intake = sum(first for first, _later in pairs) / n
    six_months = sum(later for _first, later in pairs) / n
    return {"n": n, "intake": intake, "six_months": six_months, "change": six_months - intake}
