"""Steps of a plan: who does what by when; done, dropped, rescheduled; progress per
dimension; and a step due before the plan began, refused by the form and the database."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from peerwell.plans.forms import NAME_SOMEONE_ELSE
from peerwell.plans.models import Goal, Step
from peerwell.plans.testing import make_step

pytestmark = pytest.mark.django_db


def add_url(participant):
    return reverse("plan_step_add", args=[participant.pk])


def step_data(plan, **changes):
    data = {
        "goal": Goal.objects.filter(plan=plan, dimension="home").get().pk,
        "what": "Fill in the housing application",
        "who": "participant",
        "who_name": "",
        "due_on": (plan.started_on + timedelta(days=7)).isoformat(),
    }
    data.update(changes)
    return data


def test_adding_a_step_shows_it_under_its_goal(as_user, peer, plan, participant):
    response = as_user(peer).post(add_url(participant), step_data(plan))
    assert response.status_code == 302
    step = Step.objects.get(plan=plan)
    assert step.goal.dimension == "home" and step.plan_started_on == plan.started_on
    page = as_user(peer).get(reverse("plan_detail", args=[participant.pk])).content.decode()
    assert "Fill in the housing application" in page


def test_a_step_due_before_the_plan_began_is_refused_with_the_input_kept(
    as_user, peer, plan, participant
):
    early = (plan.started_on - timedelta(days=1)).isoformat()
    response = as_user(peer).post(add_url(participant), step_data(plan, due_on=early))
    assert response.status_code == 200
    page = response.content.decode()
    assert "cannot be due before the plan began" in page
    assert "Fill in the housing application" in page
    assert not Step.objects.exists()


def test_the_database_refuses_a_step_due_before_the_plan_began(peer, plan):
    goal = Goal.objects.filter(plan=plan).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Step.objects.create(
            organization=plan.organization,
            goal=goal,
            plan=plan,
            plan_started_on=plan.started_on,
            what="Too early",
            due_on=plan.started_on - timedelta(days=1),
        )


def test_someone_else_must_be_named(as_user, peer, plan, participant):
    response = as_user(peer).post(add_url(participant), step_data(plan, who="other"))
    assert escape(str(NAME_SOMEONE_ELSE)) in response.content.decode()
    as_user(peer).post(add_url(participant), step_data(plan, who="other", who_name="Aunt Rosa"))
    assert Step.objects.get().who_label == "Aunt Rosa"


def test_an_empty_step_is_refused(as_user, peer, plan, participant):
    response = as_user(peer).post(add_url(participant), step_data(plan, what=""))
    assert response.status_code == 200 and not Step.objects.exists()


def status(client, step, value, **extra):
    return client.post(reverse("plan_step_status", args=[step.pk]), {"status": value, **extra})


def test_done_and_dropped_steps_count_toward_progress_per_dimension(
    as_user, peer, plan, participant
):
    steps = [make_step(plan, by=peer, what=f"Step {n}") for n in range(3)]
    client = as_user(peer)
    status(client, steps[0], "done")
    status(client, steps[1], "dropped")
    steps[0].refresh_from_db()
    assert steps[0].status == "done" and steps[0].done_at is not None
    page = client.get(reverse("plan_detail", args=[participant.pk])).content.decode()
    # Health holds all three: one done out of the two not dropped.
    assert "1 of 2" in page


def test_a_done_step_can_be_opened_again(as_user, peer, plan, participant):
    step = make_step(plan, by=peer)
    client = as_user(peer)
    status(client, step, "done")
    status(client, step, "open")
    step.refresh_from_db()
    assert step.status == "open" and step.done_at is None


def test_rescheduling_keeps_the_first_date(as_user, peer, plan, participant):
    first = plan.started_on + timedelta(days=3)
    step = make_step(plan, by=peer, due_on=first)
    later = first + timedelta(days=10)
    response = as_user(peer).post(
        reverse("plan_step_reschedule", args=[step.pk]), {"due_on": later.isoformat()}
    )
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.due_on == later and step.rescheduled_from == first


def test_rescheduling_before_the_plan_began_is_refused(as_user, peer, plan, participant):
    step = make_step(plan, by=peer, due_on=plan.started_on)
    early = plan.started_on - timedelta(days=5)
    response = as_user(peer).post(
        reverse("plan_step_reschedule", args=[step.pk]), {"due_on": early.isoformat()}
    )
    assert response.status_code == 200
    assert "cannot be due before the plan began" in response.content.decode()
    step.refresh_from_db()
    assert step.due_on == plan.started_on


def test_a_peer_outside_the_caseload_is_sent_to_emergency_access(org, plan, participant, client):
    from peerwell import testing

    outsider = testing.make_user(org, "peer")
    testing.sign_in(client, outsider)
    step = make_step(plan, by=participant.assigned_peer, due_on=timezone.localdate())
    response = client.post(reverse("plan_step_status", args=[step.pk]), {"status": "done"})
    assert response.status_code == 302
    assert "emergency" in response["Location"]
    step.refresh_from_db()
    assert step.status == "open"
