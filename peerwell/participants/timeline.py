"""A participant's timeline: contacts, and the record's own events (status, stage and
assignment changes) read together in one UNION ALL query, a page at a time."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import CharField, F, Value
from django.urls import reverse
from django.utils import timezone

from peerwell.contacts.models import Contact

from .models import Assignment, DischargeReason, Stage, StageChange, Status, StatusChange


@dataclass
class RecordEvent:
    """A status, stage or assignment change, as the timeline shows it."""

    timeline_kind: str  # "status", "stage" or "assignment"
    at: datetime
    who: str | None  # who made the change; for an assignment, the peer assigned
    value: str  # the new status or stage
    reason: str  # the discharge reason

    @property
    def timeline_date(self):
        return timezone.localtime(self.at).date()

    @property
    def value_label(self) -> str:
        choices = Status if self.timeline_kind == "status" else Stage
        return str(dict(choices.choices).get(self.value, self.value)) if self.value else ""

    @property
    def reason_label(self) -> str:
        return str(dict(DischargeReason.choices).get(self.reason, self.reason))


def _text(value: str):
    return Value(value, output_field=CharField())


def record_events(user, participant, limit: int) -> list[RecordEvent]:
    """The newest `limit` record events, newest first, in one query whatever their kind."""

    def events(model, kind, *, at, who, value, reason):
        # The same annotations in the same order: the UNION lines columns up by position.
        return (
            model.objects.visible_to(user)
            .filter(participant=participant)
            .order_by()
            .annotate(
                ev_kind=_text(kind),
                ev_at=F(at),
                ev_who=F(who),
                ev_value=value,
                ev_reason=reason,
            )
            .values_list("ev_kind", "ev_at", "ev_who", "ev_value", "ev_reason")
        )

    status = events(
        StatusChange,
        "status",
        at="changed_at",
        who="changed_by__full_name",
        value=F("to_status"),
        reason=F("reason"),
    )
    stage = events(
        StageChange,
        "stage",
        at="changed_at",
        who="changed_by__full_name",
        value=F("stage"),
        reason=_text(""),
    )
    assignment = events(
        Assignment,
        "assignment",
        at="assigned_at",
        who="peer__full_name",
        value=_text(""),
        reason=_text(""),
    )
    rows = status.union(stage, assignment, all=True).order_by("-ev_at")[:limit]
    return [RecordEvent(*row) for row in rows]


def timeline_page(user, participant, *, page: int, size: int) -> tuple[list, bool]:
    """Entries of page `page` (1: the latest), newest first, and whether earlier ones
    exist. Two queries whatever the page; rows are built for the pages up to this one
    only, and rendered for this one only."""
    end = page * size
    # Only the names of the people involved: joining whole staff rows costs more to build
    # than the page's other queries.
    contacts = (
        Contact.objects.visible_to(user)
        .filter(participant=participant)
        .annotate(
            staff_name=F("staff__full_name"),
            served_first=F("family_member__first_name"),
            served_last=F("family_member__last_name"),
        )[: end + 1]
    )
    events = record_events(user, participant, end + 1)
    entries = sorted([*contacts, *events], key=lambda e: e.timeline_date, reverse=True)
    shown = entries[end - size : end]
    # One reverse() for the page rather than one per entry: the edit addresses differ
    # only by the contact's id.
    head, tail = reverse("contact_edit", args=[0]).rsplit("/0/", 1)
    for entry in shown:
        if entry.timeline_kind == "contact":
            entry.edit_url = f"{head}/{entry.pk}/{tail}"
    return shown, len(entries) > end
