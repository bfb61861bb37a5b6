"""Writes to the service log."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from peerwell.audit.actions import record

from .models import SUPPORT_KINDS, Contact, ContactVersion, FollowUp


@transaction.atomic
def log_contact(*, request, participant, form) -> Contact:
    """The contact appears on the participant's timeline; a follow-up date puts a task
    on the logging peer's list."""
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
        )
    record(
        request=request,
        action="create",
        obj=contact,
        participant=participant,
        fields=[f for f in form.changed_data if f != "support"] + ["support"],
    )
    return contact


class EditConflict(Exception):
    """Someone else saved the contact since this edit began."""


@transaction.atomic
def edit_contact(*, request, contact: Contact, form, version: int) -> Contact:
    """Saves the edit and keeps the previous values; a stale edit raises EditConflict."""
    chosen = set(form.cleaned_data["support"])
    support_changed = any(getattr(contact, name) != (name in chosen) for name, _l in SUPPORT_KINDS)
    changed = [f for f in form.changed_data if f not in {"support", "version", "follow_up_date"}]
    if support_changed:
        changed.append("support")
    before_fields = [f for f in changed if f != "support"] + (
        [name for name, _l in SUPPORT_KINDS] if support_changed else []
    )
    before = Contact.objects.filter(pk=contact.pk).values(*before_fields).first() or {}
    claimed = Contact.objects.filter(pk=contact.pk, version=version).update(version=version + 1)
    if not claimed:
        raise EditConflict
    contact = form.save(commit=False)
    for name, _label in SUPPORT_KINDS:
        setattr(contact, name, name in chosen)
    contact.version = version + 1
    contact.save()
    if changed:
        ContactVersion.objects.create(
            organization_id=contact.organization_id,
            contact=contact,
            version=version,
            changed_by=request.user,
            fields=changed,
            previous_values=json.dumps(before, cls=DjangoJSONEncoder),
        )
        record(
            request=request,
            action="update",
            obj=contact,
            participant=contact.participant,
            fields=changed,
        )
    return contact


def complete_follow_up(*, request, follow_up: FollowUp) -> None:
    FollowUp.objects.filter(pk=follow_up.pk, done_at__isnull=True).update(done_at=timezone.now())
    record(
        request=request,
        action="update",
        obj=follow_up,
        participant=follow_up.participant,
        fields=["done_at"],
    )
