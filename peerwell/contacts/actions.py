"""Writes to the service log."""

from django.db import transaction
from django.utils import timezone

from peerwell.audit.actions import record
from peerwell.core.versions import claim_version, keep_version

from .models import SUPPORT_KINDS, Contact, FollowUp


@transaction.atomic
def log_contact(*, request, participant, form, follow_up: FollowUp | None = None) -> Contact:
    """The contact appears on the participant's timeline; a follow-up date puts a task
    on the logging peer's list. Logged from a follow-up (`follow_up`), reaching the
    person completes it; an attempt leaves it on the list."""
    contact = form.save(commit=False)
    contact.organization_id = participant.organization_id
    contact.participant = participant
    contact.staff = request.user
    chosen = set(form.cleaned_data["support"])
    for name, _label in SUPPORT_KINDS:
        setattr(contact, name, name in chosen)
    contact.save()
    if form.cleaned_data.get("follow_up_date"):
        FollowUp.objects.create(
            organization_id=participant.organization_id,
            participant=participant,
            assigned_to=request.user,
            contact=contact,
            due_date=form.cleaned_data["follow_up_date"],
            reason=form.cleaned_data.get("follow_up_reason", ""),
        )
    record(
        request=request,
        action="create",
        obj=contact,
        participant=participant,
        fields=[f for f in form.changed_data if f != "support"] + ["support"],
    )
    if follow_up is not None and not contact.is_attempt:
        complete_follow_up(request=request, follow_up=follow_up, participant=participant)
    return contact


@transaction.atomic
def edit_contact(*, request, contact: Contact, form, version: int) -> Contact:
    """Saves the edit and keeps the previous values; a stale edit raises EditConflict."""
    chosen = set(form.cleaned_data["support"])
    support_changed = any(getattr(contact, name) != (name in chosen) for name, _l in SUPPORT_KINDS)
    changed = [f for f in form.changed_data if f not in {"support", "version", "follow_up_date"}]
    if support_changed:
        changed.append("support")
    # "support" stands for the four support columns: their earlier values are kept.
    read = [f for f in changed if f != "support"] + (
        [name for name, _l in SUPPORT_KINDS] if support_changed else []
    )
    previous = claim_version(contact, version, read)
    contact = form.save(commit=False)
    for name, _label in SUPPORT_KINDS:
        setattr(contact, name, name in chosen)
    contact.save()
    keep_version(contact, version=version, user=request.user, fields=changed, previous=previous)
    if changed:
        record(
            request=request,
            action="update",
            obj=contact,
            participant=contact.participant,
            fields=changed,
        )
    return contact


@transaction.atomic
def complete_follow_up(*, request, follow_up: FollowUp, participant) -> None:
    """The follow-up leaves the list; marking it twice changes nothing more."""
    done = FollowUp.objects.filter(pk=follow_up.pk, done_at__isnull=True).update(
        done_at=timezone.now()
    )
    if done:
        record(
            request=request,
            action="update",
            obj=follow_up,
            participant=participant,
            fields=["done_at"],
        )


@transaction.atomic
def reopen_follow_up(*, request, follow_up: FollowUp, participant) -> None:
    """Undoes "done": the follow-up is back on the list; an open one changes nothing."""
    reopened = FollowUp.objects.filter(pk=follow_up.pk, done_at__isnull=False).update(done_at=None)
    if reopened:
        record(
            request=request,
            action="update",
            obj=follow_up,
            participant=participant,
            fields=["done_at"],
            detail={"undone": True},
        )
