"""A plan's saved versions, and what changed between two of them.

Each `PlanVersion` row keeps what the fields it names held at that version (and the
goals and steps, under "goals", when they changed). A version's whole state is the
current plan with the later rows' earlier values laid over it, newest first."""

from dataclasses import dataclass, field

from django.utils.dateparse import parse_date
from django.utils.text import capfirst

from .actions import GOALS, PLAN_FIELDS, snapshot
from .models import Dimension, StepStatus, WellnessPlan, Who

# The most versions a plan's history shows (a plan is edited a few times a year).
VERSIONS_SHOWN = 50


def states(plan: WellnessPlan, versions) -> dict[int, dict]:
    """{version number: the plan's fields and goals at that version}, for the current
    version and each one kept (`versions`, newest first)."""
    state = {name: getattr(plan, name) for name in PLAN_FIELDS}
    state[GOALS] = snapshot(plan)
    found = {plan.version: state}
    for row in versions:
        state = {**state, **row.previous}
        found[row.version] = state
    return found


@dataclass
class Changes:
    fields: list = field(default_factory=list)  # (label, before, after)
    goals_added: list = field(default_factory=list)
    goals_removed: list = field(default_factory=list)
    goals_changed: list = field(default_factory=list)  # (before, after)
    steps_added: list = field(default_factory=list)
    steps_removed: list = field(default_factory=list)
    steps_changed: list = field(default_factory=list)  # (before, after)

    @property
    def nothing(self) -> bool:
        return not any(vars(self).values())


def _label(name) -> str:
    return capfirst(WellnessPlan._meta.get_field(name).verbose_name)


def _goal(goal: dict) -> dict:
    return {**goal, "dimension_label": Dimension(goal["dimension"]).label}


def _step(step: dict) -> dict:
    due = step.get("due_on")
    who = step["who_name"] if step["who"] == Who.OTHER else Who(step["who"]).label
    return {
        **step,
        "who_label": who,
        "due": parse_date(due) if isinstance(due, str) else due,
        "status_label": StepStatus(step["status"]).label,
    }


def compare(older: dict, newer: dict) -> Changes:
    changes = Changes()
    for name in PLAN_FIELDS:
        before, after = str(older.get(name) or ""), str(newer.get(name) or "")
        if before != after:
            changes.fields.append((_label(name), older.get(name), newer.get(name)))
    goals_before = {g["id"]: g for g in older[GOALS]}
    goals_after = {g["id"]: g for g in newer[GOALS]}
    for pk, goal in goals_after.items():
        if pk not in goals_before:
            changes.goals_added.append(_goal(goal))
        elif (goal["text"], goal["dimension"]) != (
            goals_before[pk]["text"],
            goals_before[pk]["dimension"],
        ):
            changes.goals_changed.append((_goal(goals_before[pk]), _goal(goal)))
    changes.goals_removed = [_goal(g) for pk, g in goals_before.items() if pk not in goals_after]
    steps_before = {s["id"]: s for g in older[GOALS] for s in g["steps"]}
    steps_after = {s["id"]: s for g in newer[GOALS] for s in g["steps"]}
    for pk, step in steps_after.items():
        if pk not in steps_before:
            changes.steps_added.append(_step(step))
        elif _comparable(step) != _comparable(steps_before[pk]):
            changes.steps_changed.append((_step(steps_before[pk]), _step(step)))
    changes.steps_removed = [_step(s) for pk, s in steps_before.items() if pk not in steps_after]
    return changes


def _comparable(step: dict) -> tuple:
    return (step["who"], step["who_name"], step["what"], str(step["due_on"] or ""), step["status"])
