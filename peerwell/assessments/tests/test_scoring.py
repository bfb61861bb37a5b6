"""Scoring by the definition's rule, against totals worked out by hand."""

import pytest

from peerwell.assessments.scoring import OutOfScale, score

from .conftest import all_answers


def test_all_sixes_score_60(barc10):
    assert score(barc10, all_answers(barc10, 6)).total == 60


def test_all_ones_score_10(barc10):
    assert score(barc10, all_answers(barc10, 1)).total == 10


def test_mixed_answers_sum_to_the_hand_computed_total(barc10):
    # 5+4+6+3+5+4+6+5+4+5 = 47: just at the threshold.
    result = score(barc10, all_answers(barc10, values=[5, 4, 6, 3, 5, 4, 6, 5, 4, 5]))
    assert (result.total, result.complete, result.missing) == (47, True, 0)


def test_answers_sent_as_text_score_the_same(barc10):
    values = ["2", "3", "1", "6", "4", "5", "2", "3", "4", "1"]  # 31
    assert score(barc10, all_answers(barc10, values=values)).total == 31


def test_one_item_missing_is_incomplete_with_no_total(barc10):
    answers = all_answers(barc10, 6)
    answers["barc7"] = ""
    result = score(barc10, answers)
    assert (result.complete, result.total, result.answered, result.missing) == (False, None, 9, 1)


def test_nothing_answered_is_incomplete(barc10):
    result = score(barc10, {})
    assert (result.complete, result.total, result.missing) == (False, None, 10)


def test_an_answer_above_the_scale_is_refused_naming_the_item(barc10):
    answers = all_answers(barc10, 4)
    answers["barc3"] = 7
    with pytest.raises(OutOfScale) as refused:
        score(barc10, answers)
    assert refused.value.item_id == "barc3"


@pytest.mark.parametrize("bad", [0, "0", "x", "4.5", -1, True])
def test_answers_off_the_scale_are_refused(barc10, bad):
    answers = all_answers(barc10, 4)
    answers["barc1"] = bad
    with pytest.raises(OutOfScale):
        score(barc10, answers)


def test_an_answer_for_an_unknown_item_is_refused(barc10):
    with pytest.raises(OutOfScale):
        score(barc10, {**all_answers(barc10, 4), "barc11": 4})
