from datetime import date

import pytest

from peerwell.assessments.actions import record_administration
from peerwell.assessments.instruments import get


@pytest.fixture
def barc10():
    return get("barc10")


def all_answers(barc10, value=None, values=None):
    """{item id: value} for every item: one value, or a list in item order."""
    values = values or [value] * len(barc10.items)
    return {item.id: v for item, v in zip(barc10.items, values, strict=True)}


@pytest.fixture
def administer(barc10, peer):
    """administer(participant, on, values or value) -> a recorded administration."""

    def make(participant, on=date(2026, 1, 5), values=None, value=4, by=None):
        answers = all_answers(barc10, value=value, values=values)
        return record_administration(
            by=by or peer,
            participant=participant,
            instrument=barc10,
            administered_on=on,
            answers=answers,
        )

    return make
