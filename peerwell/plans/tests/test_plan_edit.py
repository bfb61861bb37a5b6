"""Making and editing a wellness plan with the participant, as a peer does it from the
record, and the bad input the form turns away."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from peerwell.audit.models import AuditEntry
from peerwell.plans.forms import EMPTY_GOAL, PLAN_CONFLICT
from peerwell.plans.models import Goal, PlanVersion, WellnessPlan

pytestmark = pytest.mark.django_db

DIMENSIONS = ("health", "home", "community", "purpose")


def plan_data(goals=None, **changes):
    """The whole form: the plan's words, and each dimension's goal formset."""
    goals = goals if goals is not None else {d: [(None, f"My {d} goal")] for d in DIMENSIONS}
    data = {
        "started_on": "2026-11-02",
        "strengths": "I show up. My sister believes in me.",
        "health_now": "Sleeping better, still skipping meals.",
        "home_now": "Couch-surfing at my cousin's.",
        "community_now": "Go to a meeting on Tuesdays.",
        "purpose_now": "Looking for warehouse work.",
        "barriers": "No car; my phone gets cut off.",
        "triggers": "Payday; seeing old friends downtown.",
        "warning_signs": "I stop answering texts.",
        "what_helps": "A walk, calling my sponsor.",
        "people_to_call": "Dana (sponsor) 215-555-0134",
        "support_wanted": "A call if I miss two meetings.",
        "review_on": "",
    }
    for dimension in DIMENSIONS:
        rows = goals.get(dimension, [])
        initial = sum(1 for goal_id, _t in rows if goal_id)
        data[f"{dimension}-TOTAL_FORMS"] = str(len(rows))
        data[f"{dimension}-INITIAL_FORMS"] = str(initial)
        for n, (goal_id, text) in enumerate(rows):
            data[f"{dimension}-{n}-goal_id"] = str(goal_id or "")
            data[f"{dimension}-{n}-text"] = text
    data.update(changes)
    return data


def edit_url(participant):
    return reverse("plan_edit", args=[participant.pk])


def test_starting_a_plan_keeps_goals_in_all_four_dimensions(as_user, peer, participant):
    response = as_user(peer).post(edit_url(participant), plan_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("plan_detail", args=[participant.pk])
    plan = WellnessPlan.objects.get(participant=participant)
    assert plan.strengths == "I show up. My sister believes in me."
    assert sorted(Goal.objects.filter(plan=plan).values_list("dimension", flat=True)) == sorted(
        DIMENSIONS
    )
    page = as_user(peer).get(reverse("plan_detail", args=[participant.pk])).content.decode()
    for dimension in DIMENSIONS:
        assert f"My {dimension} goal" in page
    assert "Couch-surfing at my cousin&#x27;s." in page


def test_the_review_is_due_ninety_days_after_the_start_unless_chosen(as_user, peer, participant):
    as_user(peer).post(edit_url(participant), plan_data())
    plan = WellnessPlan.objects.get(participant=participant)
    assert plan.review_on == date(2026, 11, 2) + timedelta(days=90)


def test_the_plans_words_are_stored_encrypted(as_user, peer, participant):
    from django.db import connection

    as_user(peer).post(edit_url(participant), plan_data())
    with connection.cursor() as cursor:
        cursor.execute("SELECT strengths, home_now FROM plans_wellnessplan")
        stored = cursor.fetchone()
    assert "sister" not in stored[0] and "cousin" not in stored[1]


def test_editing_keeps_the_earlier_version_and_audits_the_change(as_user, peer, plan, participant):
    goal = Goal.objects.filter(plan=plan).first()
    data = plan_data(
        goals={"health": [(goal.pk, "Walk every morning")]},
        strengths="I keep my word.",
        version=str(plan.version),
    )
    response = as_user(peer).post(edit_url(participant), data)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.strengths == "I keep my word." and plan.version == 3
    kept = PlanVersion.objects.get(plan=plan, version=2)
    assert kept.previous["strengths"].startswith("Stubborn")
    assert {g["text"] for g in kept.previous["goals"]} >= {"A goal for my Health"}
    assert AuditEntry.objects.filter(
        action="update", object_id=str(plan.pk), participant=participant
    ).exists()


def test_a_goal_left_out_is_removed(as_user, peer, plan, participant):
    health = Goal.objects.get(plan=plan, dimension="health")
    data = plan_data(goals={"health": [(health.pk, health.text)]}, version=str(plan.version))
    data["health-0-DELETE"] = "on"
    as_user(peer).post(edit_url(participant), data)
    assert not Goal.objects.filter(plan=plan, dimension="health").exists()


def test_an_emptied_goal_is_refused_with_the_input_kept(as_user, peer, plan, participant):
    health = Goal.objects.get(plan=plan, dimension="health")
    data = plan_data(
        goals={"health": [(health.pk, "   ")]}, strengths="Kept words", version=str(plan.version)
    )
    response = as_user(peer).post(edit_url(participant), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert escape(str(EMPTY_GOAL)) in page
    assert "Kept words" in page
    health.refresh_from_db()
    assert health.text == "A goal for my Health"


def test_two_people_editing_one_plan_the_second_save_is_refused_with_input_kept(
    as_user, peer, plan, participant
):
    stale = str(plan.version)
    first = as_user(peer).post(edit_url(participant), plan_data(goals={}, version=stale))
    assert first.status_code == 302
    second = as_user(peer).post(
        edit_url(participant), plan_data(goals={}, strengths="My second try", version=stale)
    )
    assert second.status_code == 200
    page = second.content.decode()
    assert escape(str(PLAN_CONFLICT)) in page and "My second try" in page
    plan.refresh_from_db()
    assert plan.strengths == "I show up. My sister believes in me."


def test_reviewing_together_sets_the_next_review_ninety_days_on(as_user, peer, plan, participant):
    goals = {g.dimension: [(g.pk, g.text)] for g in Goal.objects.filter(plan=plan)}
    data = plan_data(
        goals=goals, version=str(plan.version), reviewed="on", review_on=plan.review_on.isoformat()
    )
    as_user(peer).post(edit_url(participant), data)
    plan.refresh_from_db()
    today = timezone.localdate()
    assert plan.reviewed_on == today and plan.review_on == today + timedelta(days=90)


def test_one_current_plan_per_participant_in_the_database(peer, plan, participant):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        WellnessPlan.objects.create(
            organization=participant.organization,
            participant=participant,
            started_on=plan.started_on,
            review_on=plan.review_on,
            created_by=peer,
        )
