"""The organization's figures: the spread of latest complete scores over the bands, and
the paired average change from intake to six months, with n."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from peerwell import testing
from peerwell.assessments.figures import change_to_six_months, latest_score_bands

pytestmark = pytest.mark.django_db

INTAKE = date(2025, 6, 2)


def people(bands):
    return {(b["from"], b["to"]): b["people"] for b in bands}


def test_each_participant_counts_once_by_their_latest_complete_score(
    org, peer, supervisor, barc10, administer
):
    first, second = (testing.make_participant(org, assigned_peer=peer) for _ in range(2))
    administer(first, INTAKE, value=2)  # 20, superseded
    administer(first, INTAKE + timedelta(days=90), value=5)  # 50: latest
    administer(first, INTAKE + timedelta(days=120), values=[1] * 9 + [""])  # incomplete
    administer(second, INTAKE, value=3)  # 30
    counts = people(latest_score_bands(supervisor, barc10))
    assert counts == {(10, 19): 0, (20, 29): 0, (30, 39): 1, (40, 46): 0, (47, 60): 1}


def test_another_organizations_scores_are_not_counted(other_org, supervisor, barc10, administer):
    someone = testing.make_participant(other_org)
    administer(someone, value=6, by=testing.make_user(other_org, "peer"))
    assert sum(people(latest_score_bands(supervisor, barc10)).values()) == 0


def test_the_change_to_six_months_pairs_intake_with_a_score_150_to_210_days_later(
    org, peer, supervisor, barc10, administer
):
    a, b, c = (testing.make_participant(org, assigned_peer=peer) for _ in range(3))
    administer(a, INTAKE, value=3)  # 30
    administer(a, INTAKE + timedelta(days=150), value=4)  # 40: first in the window
    administer(a, INTAKE + timedelta(days=200), value=6)  # later in the window: not used
    administer(b, INTAKE, value=4)  # 40
    administer(b, INTAKE + timedelta(days=210), value=5)  # 50: last day of the window
    administer(c, INTAKE, value=2)  # no score in the window: not paired
    administer(c, INTAKE + timedelta(days=149), value=6)
    administer(c, INTAKE + timedelta(days=211), value=6)
    figures = change_to_six_months(supervisor, barc10)
    assert figures["n"] == 2
    assert figures["intake"] == pytest.approx(35)
    assert figures["six_months"] == pytest.approx(45)
    assert figures["change"] == pytest.approx(10)


def test_an_incomplete_intake_is_not_the_intake(org, peer, supervisor, barc10, administer):
    someone = testing.make_participant(org, assigned_peer=peer)
    administer(someone, INTAKE, values=[1] * 9 + [""])
    administer(someone, INTAKE + timedelta(days=30), value=3)  # the intake: 30
    administer(someone, INTAKE + timedelta(days=190), value=5)  # 160 days later: 50
    figures = change_to_six_months(supervisor, barc10)
    assert (figures["n"], figures["change"]) == (1, pytest.approx(20))


def test_the_figures_page_shows_the_bands_and_n(as_user, org, peer, supervisor, administer):
    someone = testing.make_participant(org, assigned_peer=peer)
    administer(someone, INTAKE, value=3)
    administer(someone, INTAKE + timedelta(days=180), value=5)
    page = as_user(supervisor).get(reverse("assessment_figures")).content.decode()
    assert "47–60 (at or above the threshold)" in page
    assert "Participants with both scores (n)" in page
    assert "+20.0" in page


def test_a_peer_cannot_open_the_figures(as_user, peer):
    assert as_user(peer).get(reverse("assessment_figures")).status_code == 403
