"""Writes for assessments: recording an administration. Called by the record pages, the
seed command and importers alike, so it takes the acting user and plain values."""

import json

from django.db import transaction

from peerwell.audit.actions import record

from .instruments import Instrument
from .models import Administration
from .scoring import score


@transaction.atomic
def record_administration(
    *,
    by,
    participant,
    instrument: Instrument,
    administered_on,
    answers: dict,
    timepoint: str = "",
    notes: str = "",
    origin=None,
) -> Administration:
    """The administration appears on the participant's assessments page and trend. With
    items unanswered it is saved as incomplete, shows how many are missing, and has no
    total. An answer off the scale raises `scoring.OutOfScale` and saves nothing."""
    result = score(instrument, answers)
    administration = Administration.objects.create(
        organization_id=participant.organization_id,
        participant=participant,
        instrument=instrument.code,
        instrument_version=instrument.version,
        administered_on=administered_on,
        administered_by=by,
        answers=json.dumps(result.answers, sort_keys=True),
        answered=result.answered,
        complete=result.complete,
        total=result.total,
        timepoint=timepoint,
        notes=notes,
    )
    record(
        request=origin,
        actor=by,
        action="create",
        obj=administration,
        participant=participant,
        fields=["answers", "administered_on", "instrument", "notes", "timepoint"],
    )
    return administration


def answers_of(administration: Administration) -> dict:
    """The stored answers, {item id: value}."""
    try:
        data = json.loads(administration.answers or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}
