"""Making wellness plans in tests and the sweeps: through the actions, as the pages do."""

from datetime import date

from django.utils import timezone

from . import actions
from .models import Dimension, Goal


def make_plan(participant, *, by, started_on: date | None = None, goals=None, **values):
    """A plan with one goal in each dimension (or `goals`: (dimension, text) pairs)."""
    plan = actions.start_plan(
        by=by,
        participant=participant,
        started_on=started_on or timezone.localdate(),
        strengths=values.pop("strengths", "Stubborn in a good way; my sister has my back."),
        **values,
    )
    if goals is None:
        goals = [(d.value, f"A goal for my {d.label}") for d in Dimension]
    if goals:
        actions.edit_plan(
            by=by,
            plan=plan,
            version=plan.version,
            goals=[(None, dimension, text) for dimension, text in goals],
        )
    return plan


def make_step(plan, *, by, due_on=None, what="Call the housing office", **fields):
    """A step on the plan's first goal."""
    goal = Goal.objects.filter(plan=plan).order_by("position", "id").first()
    return actions.add_step(
        by=by, goal=goal, who=fields.pop("who", "participant"), what=what, due_on=due_on, **fields
    )
