"""Wellness plans for a seed (`peerwell seed`, the benchmark): about a third of the
active participants of each organization have a current plan, with a goal or two in
each dimension and steps done, dropped and still to do, some overdue; one in six plans
is due for review. Written with `bulk_create` after the participants exist, drawing from
its own random stream, so every other seeded row stays as it was.

Call `seed_plans(organizations, seed=..., today=...)` after the participants are loaded."""

import random
from datetime import timedelta

from django.utils import timezone

from peerwell.participants.models import Participant

from .models import REVIEW_AFTER, Dimension, Goal, Step, StepStatus, WellnessPlan, Who

BATCH = 2000
STRENGTHS = (
    "I keep showing up, even on hard days.",
    "My kids; my faith; I am good with my hands.",
    "Stubborn in a good way. My sister has my back.",
    "I can talk to anyone. I have six months clean.",
)
NOW = {
    Dimension.HEALTH: ("Sleeping better, still skipping meals.", "Seeing a doctor again."),
    Dimension.HOME: ("Staying with my cousin for now.", "Have my own room in a sober house."),
    Dimension.COMMUNITY: ("Go to one meeting a week.", "Lost touch with most old friends."),
    Dimension.PURPOSE: ("Looking for warehouse work.", "Volunteering at the food pantry."),
}
GOALS = {
    Dimension.HEALTH: ("Sleep seven hours most nights", "Get my teeth fixed"),
    Dimension.HOME: ("Get my own lease", "Save for a deposit"),
    Dimension.COMMUNITY: ("Go to two meetings a week", "Call my sponsor every Sunday"),
    Dimension.PURPOSE: ("Finish the forklift course", "Get my driver's licence back"),
}
STEPS = (
    "Call the clinic for an appointment",
    "Ask the housing office about the waiting list",
    "Fill in the application together",
    "Find a meeting near work",
    "Get a copy of my birth certificate",
)
STATUS_DRAW = (StepStatus.DONE,) * 4 + (StepStatus.OPEN,) * 5 + (StepStatus.DROPPED,)
WHO_DRAW = (Who.PARTICIPANT,) * 6 + (Who.PEER,) * 3 + (Who.OTHER,)


def seed_plans(organizations, *, seed: int = 1, today=None, share: float = 0.33) -> dict:
    """Adds plans for `share` of each organization's active, assigned participants;
    returns the rows written per table."""
    today = today or timezone.localdate()
    rng = random.Random(seed * 7919 + 10)
    written = {"plans": 0, "goals": 0, "steps": 0}
    people = (
        Participant.objects.filter(
            organization__in=organizations,
            status="active",
            assigned_peer__isnull=False,
            merged_into__isnull=True,
        )
        .exclude(wellness_plans__is_current=True)
        .order_by("pk")
        .values_list("pk", "organization_id", "assigned_peer_id")
    )
    chosen = [row for row in people.iterator() if rng.random() < share]
    for start in range(0, len(chosen), BATCH):
        _batch(chosen[start : start + BATCH], rng, today, written)
    return written


def _batch(rows, rng, today, written) -> None:
    plans = []
    for pk, org, peer in rows:
        started = today - timedelta(days=rng.randint(5, 400))
        review = started + REVIEW_AFTER
        while review + REVIEW_AFTER <= today and rng.random() < 0.8:
            review += REVIEW_AFTER  # reviewed on time, mostly
        plans.append(
            WellnessPlan(
                organization_id=org,
                participant_id=pk,
                strengths=rng.choice(STRENGTHS),
                started_on=started,
                review_on=review,
                created_by_id=peer,
                **{f"{d}_now": rng.choice(NOW[d]) for d in Dimension},
                triggers="Payday; seeing old friends downtown.",
                warning_signs="I stop answering texts.",
                what_helps="A walk; calling my sponsor.",
                people_to_call="Sponsor 215-555-0134",
                support_wanted="A call if I miss two meetings.",
            )
        )
    WellnessPlan.objects.bulk_create(plans)
    goals = []
    for plan in plans:
        for dimension in Dimension:
            for text in rng.sample(GOALS[dimension], rng.choice((1, 1, 2))):
                goals.append(
                    Goal(
                        organization_id=plan.organization_id,
                        plan=plan,
                        dimension=dimension,
                        text=text,
                        position=len(goals),
                    )
                )
    Goal.objects.bulk_create(goals)
    steps = [_step(goal, rng, today) for goal in goals for _n in range(rng.choice((0, 1, 2)))]
    Step.objects.bulk_create(steps)
    written["plans"] += len(plans)
    written["goals"] += len(goals)
    written["steps"] += len(steps)


def _step(goal, rng, today) -> Step:
    plan = goal.plan
    span = max(1, (today - plan.started_on).days + 30)
    due = plan.started_on + timedelta(days=rng.randint(0, span))
    status = rng.choice(STATUS_DRAW)
    who = rng.choice(WHO_DRAW)
    return Step(
        organization_id=goal.organization_id,
        goal=goal,
        plan=plan,
        plan_started_on=plan.started_on,
        who=who,
        who_name="Aunt Rosa" if who == Who.OTHER else "",
        what=rng.choice(STEPS),
        due_on=due if rng.random() < 0.8 else None,
        status=status,
        done_at=timezone.now() if status == StepStatus.DONE else None,
    )
