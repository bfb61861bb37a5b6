"""The referral figures on known data: by need and status, completion rate, median days
to completion, and back to treatment with the median hours from flag to hand-off."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from peerwell import testing
from peerwell.navigation.figures import figures_for
from peerwell.navigation.models import Referral
from peerwell.navigation.testing import make_referral

NOW = timezone.now()


def made(participant, peer, *, status="proposed", days_to_close=None, **fields):
    sent_at = fields.pop("sent_at", NOW - timedelta(days=20) if status != "proposed" else None)
    closed = {}
    if status in ("completed", "not-completed", "declined"):
        closed["closed_at"] = sent_at + timedelta(days=days_to_close or 1)
    return make_referral(
        participant,
        by=peer,
        status=status,
        sent_at=sent_at,
        proposed_at=NOW - timedelta(days=21),
        **closed,
        **fields,
    )


@pytest.fixture
def known(participant, peer):
    made(participant, peer, status="completed", days_to_close=2)
    made(participant, peer, status="completed", days_to_close=4)
    made(participant, peer, status="completed", days_to_close=9, need="legal")
    made(participant, peer, status="not-completed", reason="Moved")
    made(participant, peer, status="sent", need="legal")
    made(participant, peer)
    # Long ago: outside the last 90 days.
    make_referral(participant, by=peer, proposed_at=NOW - timedelta(days=200))
    for hours in (2, 6):
        flag = testing.make_escalation(participant, owner=peer, raised_at=NOW - timedelta(days=10))
        made(
            participant,
            peer,
            status="sent",
            kind="back-to-treatment",
            need="treatment",
            escalation=flag,
            sent_at=flag.raised_at + timedelta(hours=hours),
        )


def test_figures_on_known_data(known, supervisor):
    figures = figures_for(supervisor, days=90, now=NOW)
    assert figures["total"] == 8
    housing = next(row for row in figures["table"] if row["need"] == "Housing")
    assert dict(housing["cells"]) == {
        "Proposed": 1,
        "Sent": 0,
        "Accepted": 0,
        "Declined": 0,
        "Completed": 2,
        "Not completed": 1,
    }
    assert figures["completion_rate"] == 75  # 3 completed of 4 closed
    assert figures["median_days"] == pytest.approx(4)
    assert figures["back_to_treatment"] == 2 and figures["back_linked"] == 2
    assert figures["median_handoff_hours"] == pytest.approx(4)  # (2 + 6) / 2


def test_the_period_filter(known, supervisor):
    assert figures_for(supervisor, days=365, now=NOW)["total"] == 9


def test_the_page_shows_them_to_supervisors_only(known, as_user, supervisor, peer):
    html = as_user(supervisor).get(reverse("referral_figures")).content.decode()
    assert "75%" in html and "Median days from sent to completed" in html
    assert as_user(peer).get(reverse("referral_figures")).status_code == 403


def test_no_referrals_shows_none(supervisor):
    figures = figures_for(supervisor)
    assert figures["total"] == 0 and figures["completion_rate"] is None
    assert figures["median_days"] is None and not Referral.objects.exists()
