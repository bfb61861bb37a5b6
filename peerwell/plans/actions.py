"""Writes to wellness plans. Each action takes the acting user (`by`) and plain values,
never the request or a form. A plan edit is versioned (`core.versions`): a stale edit
raises EditConflict, and each saved version keeps the plan's earlier values and its goals
and steps as they were, so two versions can be compared."""

import json
from datetime import date

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from peerwell.audit.actions import record
from peerwell.core.versions import claim_version, keep_version

from .models import NOW_FIELDS, REVIEW_AFTER, Goal, Step, StepStatus, WellnessPlan

# What an edit may change on the plan itself.
PLAN_FIELDS = (
    "strengths",
    *NOW_FIELDS.values(),
    "barriers",
    "triggers",
    "warning_signs",
    "what_helps",
    "people_to_call",
    "support_wanted",
    "review_on",
)
GOALS = "goals"


class StepBeforePlan(ValueError):
    """A step due before the plan began."""


def snapshot(plan) -> list[dict]:
    """The plan's goals and steps as plain values, in order."""
    steps = {}
    for step in Step.objects.filter(plan=plan).order_by("position", "id"):
        steps.setdefault(step.goal_id, []).append(
            {
                "id": step.pk,
                "who": step.who,
                "who_name": step.who_name,
                "what": step.what,
                "due_on": step.due_on,
                "status": step.status,
            }
        )
    return [
        {"id": g.pk, "dimension": g.dimension, "text": g.text, "steps": steps.get(g.pk, [])}
        for g in Goal.objects.filter(plan=plan).order_by("position", "id")
    ]


def _as_json(value):
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, default=str))


def _keep(plan, *, by, version: int, changed: list[str], goals_before) -> None:
    """Claims the next version (EditConflict when someone saved since `version`) and
    keeps what `changed` held, with the goals and steps before the edit."""
    previous = json.loads(claim_version(plan, version, [f for f in changed if f != GOALS]))
    if goals_before is not None:
        previous[GOALS] = goals_before
    keep_version(
        plan,
        version=version,
        user=by,
        fields=changed,
        previous=json.dumps(previous, cls=DjangoJSONEncoder),
    )


@transaction.atomic
def start_plan(*, by, participant, started_on: date, **values) -> WellnessPlan:
    """The participant's plan begins; the review is due 90 days on unless chosen."""
    values.setdefault("review_on", started_on + REVIEW_AFTER)
    plan = WellnessPlan.objects.create(
        organization_id=participant.organization_id,
        participant=participant,
        started_on=started_on,
        created_by=by,
        **values,
    )
    record(
        actor=by,
        action="create",
        obj=plan,
        participant=participant,
        fields=[name for name, value in values.items() if value],
    )
    return plan


@transaction.atomic
def edit_plan(*, by, plan: WellnessPlan, version: int, goals, reviewed: bool = False, **values):
    """Saves the plan and its goals (`goals`: (id or None, dimension, text) in order; a
    goal left out is removed with its steps). Reviewing it sets the next review 90 days
    on. A stale edit raises EditConflict and saves nothing."""
    unknown = set(values) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"edit_plan cannot change {sorted(unknown)}")
    if reviewed:
        today = timezone.localdate()
        values.update(reviewed_on=today, review_on=today + REVIEW_AFTER)
    stored = WellnessPlan.objects.get(pk=plan.pk)
    changed = [name for name, value in values.items() if getattr(stored, name) != value]
    before = snapshot(plan)
    wanted = [(goal_id, dimension, text.strip()) for goal_id, dimension, text in goals]
    now = [(g["id"], g["dimension"], g["text"]) for g in before]
    goals_changed = wanted != now
    if goals_changed:
        changed.append(GOALS)
    _keep(
        plan,
        by=by,
        version=version,
        changed=changed,
        goals_before=_as_json(before) if goals_changed else None,
    )
    for name, value in values.items():
        setattr(plan, name, value)
    plan.save()
    if goals_changed:
        _save_goals(plan, wanted)
    if changed:
        record(actor=by, action="update", obj=plan, participant=plan.participant, fields=changed)
    return plan


def _save_goals(plan, wanted) -> None:
    existing = {g.pk: g for g in Goal.objects.filter(plan=plan)}
    kept = set()
    for position, (goal_id, dimension, text) in enumerate(wanted):
        goal = existing.get(goal_id)
        if goal is None:
            goal = Goal.objects.create(
                organization_id=plan.organization_id,
                plan=plan,
                dimension=dimension,
                text=text,
                position=position,
            )
            kept.add(goal.pk)
            continue
        kept.add(goal.pk)
        if (goal.dimension, goal.text, goal.position) != (dimension, text, position):
            goal.dimension, goal.text, goal.position = dimension, text, position
            goal.save(update_fields=["dimension", "text", "position"])
    # A goal left out goes, with its steps (the version kept holds them).
    Goal.objects.filter(plan=plan).exclude(pk__in=kept).delete()


@transaction.atomic
def add_step(
    *, by, goal: Goal, who: str, what: str, who_name: str = "", due_on: date | None = None
) -> Step:
    """A step on one of the plan's goals; it is part of the plan, so the plan keeps a
    version (never refused: nothing typed elsewhere is overwritten by it)."""
    plan = WellnessPlan.objects.select_for_update().get(pk=goal.plan_id)
    if due_on and due_on < plan.started_on:
        raise StepBeforePlan
    _keep(plan, by=by, version=plan.version, changed=[GOALS], goals_before=_as_json(snapshot(plan)))
    step = Step.objects.create(
        organization_id=plan.organization_id,
        goal=goal,
        plan=plan,
        plan_started_on=plan.started_on,
        who=who,
        who_name=who_name if who == "other" else "",
        what=what.strip(),
        due_on=due_on,
        position=Step.objects.filter(goal=goal).count(),
    )
    record(
        actor=by,
        action="create",
        obj=step,
        participant=plan.participant,
        fields=["who", "what"] + (["due_on"] if due_on else []),
    )
    return step


@transaction.atomic
def set_step_status(*, by, step: Step, status: str, participant) -> bool:
    """Done, dropped, or open again; True when it changed. Not a new plan version: it is
    progress on the plan, kept in the audit trail."""
    if status not in StepStatus.values:
        raise ValueError(status)
    done_at = timezone.now() if status == StepStatus.DONE else None
    changed = (
        Step.objects.filter(pk=step.pk)
        .exclude(status=status)
        .update(status=status, done_at=done_at)
    )
    if changed:
        record(
            actor=by,
            action="update",
            obj=step,
            participant=participant,
            fields=["status"],
            detail={"status": status},
        )
    return bool(changed)


@transaction.atomic
def reschedule_step(*, by, step: Step, due_on: date, participant) -> Step:
    """A new due date; the first date it had is kept as "rescheduled from"."""
    if due_on < step.plan_started_on:
        raise StepBeforePlan
    if step.due_on == due_on:
        return step
    step.rescheduled_from = step.rescheduled_from or step.due_on
    step.due_on = due_on
    step.status = StepStatus.OPEN
    step.done_at = None
    step.save(update_fields=["rescheduled_from", "due_on", "status", "done_at"])
    record(actor=by, action="update", obj=step, participant=participant, fields=["due_on"])
    return step


@transaction.atomic
def agree_to_plan(*, by, plan: WellnessPlan, name: str, drawing: str, agreed_on: date):
    """The participant agrees to the plan as it is now (this version)."""
    WellnessPlan.objects.filter(pk=plan.pk).update(
        agreed_name=name.strip(),
        agreed_drawing=drawing,
        agreed_on=agreed_on,
        agreed_version=plan.version,
    )
    plan.refresh_from_db()
    record(
        actor=by,
        action="update",
        obj=plan,
        participant=plan.participant,
        fields=["agreed_name", "agreed_on"] + (["agreed_drawing"] if drawing else []),
    )
    return plan
