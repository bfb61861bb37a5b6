"""Plan steps with a due date, and plans due for review, on the peer's follow-up list;
and "review due" on the participant's page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from peerwell import testing
from peerwell.audit.models import AuditEntry
from peerwell.plans.testing import make_plan, make_step

pytestmark = pytest.mark.django_db


def follow_ups(client):
    return client.get(reverse("follow_ups")).content.decode()


def test_a_step_with_a_date_is_on_the_peers_list_beside_follow_ups(
    as_user, peer, plan, participant
):
    testing.make_follow_up(peer, participant=participant, reason="Ask about the interview.")
    make_step(plan, by=peer, what="Call the clinic", due_on=timezone.localdate())
    make_step(plan, by=peer, what="No date on this one")
    page = follow_ups(as_user(peer))
    assert "Ask about the interview." in page and "Call the clinic" in page
    assert "No date on this one" not in page


def test_the_list_names_each_participant_shown_in_the_audit(as_user, peer, plan, participant):
    make_step(plan, by=peer, due_on=timezone.localdate())
    follow_ups(as_user(peer))
    assert AuditEntry.objects.filter(
        action="view", participant=participant, detail__page="follow_ups"
    ).exists()


def test_another_peers_caseload_steps_are_not_on_my_list(as_user, org, peer, plan):
    make_step(plan, by=peer, what="Call the clinic", due_on=timezone.localdate())
    other = testing.make_user(org, "peer")
    assert "Call the clinic" not in follow_ups(as_user(other))


def test_marking_a_step_done_from_the_list_comes_back_to_the_list(as_user, peer, plan):
    step = make_step(plan, by=peer, what="Call the clinic", due_on=timezone.localdate())
    client = as_user(peer)
    response = client.post(
        reverse("plan_step_status", args=[step.pk]), {"status": "done", "next": "follow_ups"}
    )
    assert response["Location"] == reverse("follow_ups")
    assert "Call the clinic" not in follow_ups(client)


def test_rescheduling_from_the_list_moves_the_date(as_user, peer, plan):
    step = make_step(plan, by=peer, due_on=timezone.localdate())
    later = timezone.localdate() + timedelta(days=14)
    response = as_user(peer).post(
        reverse("plan_step_reschedule", args=[step.pk]),
        {"due_on": later.isoformat(), "next": "follow_ups"},
    )
    assert response["Location"] == reverse("follow_ups")
    step.refresh_from_db()
    assert step.due_on == later


def test_a_plan_review_is_on_the_list_from_its_date(as_user, org, peer):
    today = timezone.localdate()
    due = testing.make_participant(org, assigned_peer=peer, first_name="Due")
    later = testing.make_participant(org, assigned_peer=peer, first_name="Later")
    make_plan(due, by=peer, started_on=today - timedelta(days=100), review_on=today, goals=[])
    make_plan(later, by=peer, started_on=today, goals=[])
    page = follow_ups(as_user(peer))
    assert f"Review the plan with {due.display_name}" in page
    assert later.display_name not in page


def test_the_participant_page_says_review_due(as_user, org, peer):
    today = timezone.localdate()
    participant = testing.make_participant(org, assigned_peer=peer)
    make_plan(participant, by=peer, started_on=today - timedelta(days=91), goals=[])
    page = as_user(peer).get(reverse("participant_detail", args=[participant.pk]))
    assert "review due" in page.content.decode()


def test_the_participant_page_offers_to_start_a_plan(as_user, peer, participant):
    page = as_user(peer).get(reverse("participant_detail", args=[participant.pk]))
    assert reverse("plan_edit", args=[participant.pk]) in page.content.decode()
