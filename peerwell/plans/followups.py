"""What a peer's follow-up list shows of their caseload's wellness plans: steps with a
due date still to do, and plans whose review date has come. A fixed number of queries,
each bounded, however large the caseload."""

from django.utils import timezone

from peerwell.audit.actions import record_many

from .models import Step, WellnessPlan

STEPS_SHOWN = 25
REVIEWS_SHOWN = 10
NAME_FIELDS = ("first_name", "last_name", "preferred_name")


def caseload_steps(user) -> list[Step]:
    """Open steps with a due date on the current plans of the user's caseload, soonest
    first (overdue ones at the top)."""
    return list(
        Step.objects.visible_to(user)
        .open()
        .filter(
            due_on__isnull=False,
            plan__is_current=True,
            plan__participant__assigned_peer=user,
            plan__participant__merged_into__isnull=True,
        )
        .select_related("plan__participant")
        .only(
            "id",
            "who",
            "who_name",
            "what",
            "due_on",
            "status",
            "rescheduled_from",
            "plan_started_on",
            "plan__participant_id",
            *(f"plan__participant__{name}" for name in NAME_FIELDS),
        )
        .order_by("due_on", "id")[:STEPS_SHOWN]
    )


def reviews_due(user) -> list[WellnessPlan]:
    """Current plans of the user's caseload whose review date has come, oldest first."""
    return list(
        WellnessPlan.objects.visible_to(user)
        .current()
        .filter(
            review_on__lte=timezone.localdate(),
            participant__assigned_peer=user,
            participant__merged_into__isnull=True,
        )
        .select_related("participant")
        .only(
            "id", "review_on", "participant_id", *(f"participant__{name}" for name in NAME_FIELDS)
        )
        .order_by("review_on", "id")[:REVIEWS_SHOWN]
    )


def open_for_caseload_plans(request, steps, plans) -> None:
    """Audits the parts of records the list shows. They are of the user's own caseload
    (the queries above say so), so the caseload rule holds; one query for all."""
    participants = {s.plan.participant_id: s.plan.participant for s in steps}
    participants.update({p.participant_id: p.participant for p in plans})
    # An empty list shows no record: one "list" row, as other lists write, so the page's
    # query count is the same whatever it shows.
    record_many(
        request=request,
        action="view" if participants else "list",
        participants=list(participants.values()),
        detail={
            "page": "follow_ups",
            "plan_steps": [s.pk for s in steps],
            "plan_reviews": [p.pk for p in plans],
        },
    )
