"""The BARC-10 trend on the participant's record and assessments page: an SVG chart
that needs no JavaScript, a table as its text alternative, the change since intake and
each administration's answers."""

import re
from datetime import date

import pytest
from django.urls import reverse

from peerwell.assessments.charts import trend_svg

pytestmark = pytest.mark.django_db


def record_page(client, participant):
    return client.get(reverse("participant_detail", args=[participant.pk])).content.decode()


def assessments_page(client, participant):
    url = reverse("participant_assessments", args=[participant.pk])
    return client.get(url).content.decode()


def test_the_record_shows_the_trend_as_an_image_with_title_and_description(
    as_user, peer, participant, administer
):
    administer(participant, date(2026, 1, 5), value=3)
    administer(participant, date(2026, 4, 5), value=5)
    page = record_page(as_user(peer), participant)
    svg = re.search(r"<svg .*?</svg>", page, re.S).group(0)
    assert 'role="img"' in svg
    chart = f"trend-{participant.pk}"
    assert f'aria-labelledby="{chart}-title {chart}-desc"' in svg
    assert f'<title id="{chart}-title">BARC-10 scores over time</title>' in svg
    assert "2 scores from" in svg
    assert "<script" not in svg and "style=" not in svg


def test_the_chart_draws_the_threshold_line_at_47(barc10):
    svg = trend_svg(barc10, [(date(2026, 1, 5), 30), (date(2026, 4, 5), 50)], chart_id="t")
    # The scale runs 10 (y=220) to 60 (y=16): 47 sits at 220 - 204 * 37 / 50.
    y = round(16 + (260 - 16 - 40) * (60 - 47) / 50, 1)
    assert (
        f'class="pw-chart__threshold" stroke="#8b0a03" stroke-width="2" x1="44" x2="624" y1="{y}"'
        in (svg)
    )
    assert "The line at 47 marks the threshold" in svg


def test_no_chart_is_drawn_without_a_complete_score(as_user, peer, participant, administer):
    administer(participant, values=[4, 4, 4, 4, 4, 4, 4, 4, 4, ""])
    page = record_page(as_user(peer), participant)
    assert "<svg" not in page
    assert "Incomplete: 1 item missing" in page


def test_the_table_lists_each_administration_with_its_total(as_user, peer, participant, administer):
    administer(participant, date(2026, 1, 5), value=3)
    administer(participant, date(2026, 2, 5), values=[6, 6, 6, 6, 6, 6, 6, 6, "", ""])
    administer(participant, date(2026, 4, 5), values=[5, 5, 5, 5, 5, 5, 5, 5, 5, 4])
    page = assessments_page(as_user(peer), participant)
    table = re.search(r"<table.*?</table>", page, re.S).group(0)
    assert ">30<" in table and ">49<" in table
    assert "Incomplete: 2 items missing" in table
    assert table.index("49") < table.index("30")  # newest first


def test_the_change_since_intake_counts_from_the_first_complete_score(
    as_user, peer, participant, administer
):
    administer(participant, date(2025, 12, 1), values=[1, 1, 1, 1, 1, 1, 1, 1, 1, ""])
    administer(participant, date(2026, 1, 5), value=3)  # intake: 30
    administer(participant, date(2026, 7, 5), value=5)  # latest: 50
    page = record_page(as_user(peer), participant)
    assert "from 30 to 50" in page
    assert "(+20)" in page


def test_a_single_score_says_there_is_no_later_one_yet(as_user, peer, participant, administer):
    administer(participant, date(2026, 1, 5), value=4)
    assert "no later complete score yet" in record_page(as_user(peer), participant)


def test_the_assessments_page_shows_each_answer_with_its_label(
    as_user, peer, participant, administer
):
    administer(participant, values=[6, 5, 4, 3, 2, 1, 2, 3, 4, ""])
    page = assessments_page(as_user(peer), participant)
    assert "6 · Strongly agree" in page
    assert "1 · Strongly disagree" in page
    assert "No answer" in page


def test_another_participants_scores_are_not_shown(as_user, peer, org, participant, administer):
    from peerwell import testing

    someone = testing.make_participant(org, assigned_peer=peer)
    administer(someone, value=6)
    assert "<svg" not in record_page(as_user(peer), participant)
