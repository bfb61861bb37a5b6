"""Scoring by the instrument's own rule. An administration with any item unanswered is
incomplete and has no total: a sum of nine answers would read as a low score."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .instruments import Instrument

OUT_OF_SCALE = _("Choose one of the answers on the scale.")


class OutOfScale(ValueError):
    """An answer that is not on the instrument's scale, with the item it was given for."""

    def __init__(self, item_id: str, value):
        super().__init__(f"{item_id}: {value!r} is not on the scale")
        self.item_id, self.value = item_id, value


@dataclass(frozen=True)
class Score:
    answers: dict  # {item id: value}, answered items only
    answered: int
    missing: int
    total: int | None  # None unless complete

    @property
    def complete(self) -> bool:
        return self.missing == 0


def clean_answers(instrument: Instrument, answers: dict) -> dict:
    """The answers given, as whole numbers by item id; blanks left out. An answer that
    is not on the scale, or for an item the instrument does not have, is refused."""
    known = {item.id for item in instrument.items}
    clean = {}
    for item_id, raw in answers.items():
        if raw in (None, ""):
            continue
        if item_id not in known:
            raise OutOfScale(item_id, raw)
        try:
            value = int(raw)
        except (TypeError, ValueError):
            raise OutOfScale(item_id, raw) from None
        if isinstance(raw, bool) or str(raw).strip() != str(value) and raw != value:
            raise OutOfScale(item_id, raw)
        if value not in instrument.values:
            raise OutOfScale(item_id, raw)
        clean[item_id] = value
    return clean


def score(instrument: Instrument, answers: dict) -> Score:
    """The score of `answers` ({item id: answer}) by the instrument's rule."""
    clean = clean_answers(instrument, answers)
    missing = sum(1 for item in instrument.items if item.id not in clean)
    total = None
    if missing == 0 and instrument.rule == "sum":
        total = sum(clean.values())
    return Score(answers=clean, answered=len(clean), missing=missing, total=total)


def band_of(instrument: Instrument, total: int) -> tuple[int, int] | None:
    return next((b for b in instrument.bands if b[0] <= total <= b[1]), None)
