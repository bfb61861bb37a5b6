"""Writes to the service log.

Each action takes the acting user (`by`) and plain values, not the request or a form:
views, check-in calls, the worker and commands call the same code. The audit row finds
the client's address through the request context (audit.middleware)."""

from datetime import date, time

from django.db import transaction
from django.utils import timezone

from peerwell.audit.actions import record
from peerwell.core.versions import claim_version, keep_version

from .models import SUPPORT_KINDS, Contact, FollowUp, Outcome

# What `edit_contact` may change, besides the support kinds.
EDITABLE = (
    "family_member",
    "kind",
    "outcome",
    "contact_date",
    "start_time",
    "duration_minutes",
    "mode",
    "place",
    "notes",
)


@transaction.atomic
def log_contact(
    *,
    by,
    participant,
    kind: str,
    contact_date: date,
    mode: str,
    outcome: str = Outcome.REACHED,
    support=(),
    duration_minutes: int | None = None,
    start_time: time | None = None,
    place: str = "",
    notes: str = "",
    family_member=None,
    follow_up_date: date | None = None,
    follow_up_reason: str = "",
    answers: FollowUp | None = None,
) -> Contact:
    """The contact appears on the participant's timeline; a follow-up date puts a task
    on the logging user's list. Logged for a follow-up (`answers`), reaching the person
    completes it; an attempt leaves it on the list."""
    chosen = set(support)
    contact = Contact.objects.create(
        organization_id=participant.organization_id,
        participant=participant,
        staff=by,
        family_member=family_member,
        kind=kind,
        outcome=outcome,
        contact_date=contact_date,
        start_time=start_time,
        duration_minutes=duration_minutes,
        mode=mode,
        place=place,
        notes=notes,
        **{name: name in chosen for name, _label in SUPPORT_KINDS},
    )
    if follow_up_date:
        FollowUp.objects.create(
            organization_id=participant.organization_id,
            participant=participant,
            assigned_to=by,
            contact=contact,
            due_date=follow_up_date,
            reason=follow_up_reason,
        )
    given = {
        "family_member": family_member,
        "start_time": start_time,
        "duration_minutes": duration_minutes,
        "place": place,
        "notes": notes,
        "follow_up_date": follow_up_date,
        "follow_up_reason": follow_up_reason,
    }
    record(
        actor=by,
        action="create",
        obj=contact,
        participant=participant,
        fields=["kind", "outcome", "contact_date", "mode", "support"]
        + [name for name, value in given.items() if value],
    )
    if answers is not None and not contact.is_attempt:
        complete_follow_up(by=by, follow_up=answers, participant=participant)
    return contact


@transaction.atomic
def edit_contact(*, by, contact: Contact, version: int, support, **values) -> Contact:
    """Saves the edit (`values`: any of EDITABLE) and keeps the previous values; a stale
    edit raises EditConflict."""
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise TypeError(f"edit_contact cannot change {sorted(unknown)}")
    chosen = set(support)
    # Compared with what is stored: a form may have written the new values on `contact`.
    stored = Contact.objects.get(pk=contact.pk)
    support_changed = any(getattr(stored, name) != (name in chosen) for name, _l in SUPPORT_KINDS)
    changed = [name for name, value in values.items() if _stored(stored, name) != _plain(value)]
    # "support" stands for the four support columns: their earlier values are kept.
    read = list(changed) + ([name for name, _l in SUPPORT_KINDS] if support_changed else [])
    if support_changed:
        changed.append("support")
    previous = claim_version(contact, version, read)
    for name, value in values.items():
        setattr(contact, name, value)
    for name, _label in SUPPORT_KINDS:
        setattr(contact, name, name in chosen)
    contact.save()
    keep_version(contact, version=version, user=by, fields=changed, previous=previous)
    if changed:
        record(
            actor=by,
            action="update",
            obj=contact,
            participant=contact.participant,
            fields=changed,
        )
    return contact


def _stored(contact, name):
    field = Contact._meta.get_field(name)
    return getattr(contact, field.attname)


def _plain(value):
    """A related row as its id, as stored."""
    return getattr(value, "pk", value)


@transaction.atomic
def complete_follow_up(*, by, follow_up: FollowUp, participant) -> None:
    """The follow-up leaves the list; marking it twice changes nothing more."""
    done = FollowUp.objects.filter(pk=follow_up.pk, done_at__isnull=True).update(
        done_at=timezone.now()
    )
    if done:
        record(
            actor=by,
            action="update",
            obj=follow_up,
            participant=participant,
            fields=["done_at"],
        )


@transaction.atomic
def reopen_follow_up(*, by, follow_up: FollowUp, participant) -> None:
    """Undoes "done": the follow-up is back on the list; an open one changes nothing."""
    reopened = FollowUp.objects.filter(pk=follow_up.pk, done_at__isnull=False).update(done_at=None)
    if reopened:
        record(
            actor=by,
            action="update",
            obj=follow_up,
            participant=participant,
            fields=["done_at"],
            detail={"undone": True},
        )


@transaction.atomic
def add_follow_up(*, by, participant, assigned_to, due_date: date, reason: str) -> FollowUp:
    """A task on `assigned_to`'s follow-up list (an escalation, a number to fix)."""
    task = FollowUp.objects.create(
        organization_id=participant.organization_id,
        participant=participant,
        assigned_to=assigned_to,
        due_date=due_date,
        reason=reason,
    )
    record(
        actor=by,
        organization=participant.organization,
        action="create",
        obj=task,
        participant=participant,
        fields=["assigned_to", "due_date", "reason"],
    )
    return task
