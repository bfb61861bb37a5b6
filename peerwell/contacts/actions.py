"""Writes to the service log."""

from django.db import transaction
from django.utils import timezone

from peerwell.audit.actions import record

from .models import SUPPORT_KINDS, Contact, FollowUp


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


def complete_follow_up(*, request, follow_up: FollowUp) -> None:
    FollowUp.objects.filter(pk=follow_up.pk, done_at__isnull=True).update(done_at=timezone.now())
    record(
        request=request,
        action="update",
        obj=follow_up,
        participant=follow_up.participant,
        fields=["done_at"],
    )
