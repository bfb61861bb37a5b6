"""Each saved version of a plan is kept, and two versions can be compared: the plan's
words, goals and steps added, removed or changed."""

import pytest
from django.urls import reverse

from peerwell.plans import actions
from peerwell.plans.models import Goal
from peerwell.plans.testing import make_step

pytestmark = pytest.mark.django_db


def versions_page(client, participant, older=None, newer=None):
    url = reverse("plan_versions", args=[participant.pk])
    if older:
        url += f"?older={older}&newer={newer}"
    return client.get(url).content.decode()


def goals_of(plan):
    return [(g.pk, g.dimension, g.text) for g in Goal.objects.filter(plan=plan)]


def test_compare_shows_the_words_changed(as_user, peer, plan, participant):
    actions.edit_plan(
        by=peer,
        plan=plan,
        version=plan.version,
        goals=goals_of(plan),
        barriers="No bus on Sundays.",
    )
    page = versions_page(as_user(peer), participant, 2, 3)
    assert "What changed from version 2 to version 3" in page
    assert "Barriers" in page and "No bus on Sundays." in page


def test_compare_shows_goals_added_removed_and_changed(as_user, peer, plan, participant):
    goals = goals_of(plan)
    health, home = goals[0], goals[1]
    kept = [
        (health[0], "health", "Walk every morning"),
        *goals[2:],
        (None, "purpose", "Finish my GED"),
    ]
    actions.edit_plan(by=peer, plan=plan, version=plan.version, goals=kept)
    page = versions_page(as_user(peer), participant, 2, 3)
    assert "Finish my GED" in page  # added
    assert home[2] in page  # removed
    assert "A goal for my Health" in page and "Walk every morning" in page  # changed


def test_compare_shows_steps_added_and_changed(as_user, peer, plan, participant):
    step = make_step(plan, by=peer, what="Call the clinic")
    make_step(plan, by=peer, what="Ask about bus passes")
    actions.set_step_status(by=peer, step=step, status="done", participant=participant)
    # Version 3 had the first step, open; now it is done, and there is a second one.
    page = versions_page(as_user(peer), participant, 3, 4)
    assert "Ask about bus passes" in page
    assert "Call the clinic" in page and "Done" in page


def test_the_versions_list_names_who_saved_each(as_user, peer, plan, participant):
    page = versions_page(as_user(peer), participant)
    assert f"Version 1, replaced by {peer.full_name}" in page


def test_unknown_version_numbers_show_the_list_only(as_user, peer, plan, participant):
    page = versions_page(as_user(peer), participant, 99, "x")
    assert "What changed" not in page
