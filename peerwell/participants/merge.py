"""Merging a duplicate participant record into the one that is kept."""

import json
from collections import Counter

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from peerwell.audit.actions import record
from peerwell.core.versions import keep_version

from .models import Participant
from .pairs import drop_pairs_of, keep_pairs_of

NO_SUCH_PARTICIPANT = _("There is no such participant.")
SAME_RECORD = _("A record cannot be merged into itself.")
ALREADY_MERGED = _("That record was already merged into another one.")
BOTH_HAVE_ONE = _("Both records have their own %(name)s, and a record can have only one.")

# Rows that stay where they are, pointing at the merged record (which still exists).
STAYS = {
    # Append-only: the trail says what happened to which record at the time.
    "audit.auditentry",
    # Append-only (42 CFR 2.24): the accounting of the kept record also lists the
    # disclosures of the records merged into it.
    "consents.disclosure",
    # The earlier values of the merged record itself, numbered per record: on the kept
    # record they would describe edits it never had (and clash with its numbers).
    "participants.participantversion",
    # Dropped before the move (`drop_pairs_of`): the kept record's are found again after.
    "participants.possibleduplicate",
}

# Rows unique per participant and another field: when the kept record already has a
# row with the same value, the duplicate's row is removed instead of moved.
COLLAPSES = {
    "participants.familylink": "family_member",
    # Both records signed in at one session, or enrolled in one class: the kept one's
    # attendance and enrolment stand (the contacts of both move to the kept record).
    "community.attendee": "session",
    "community.classenrolment": "event",
}

# Rows of which a record may have only one current (a unique constraint with a condition):
# when both records have a current one, the duplicate's is closed (field set to value)
# instead of moved beside the kept one. Two check-in enrolments would double the calls.
CLOSES_CURRENT = {
    "checkins.enrolment": ("status", "ended", ~Q(status="ended")),
    # The kept record's plan stays the plan; the duplicate's moves as an earlier one.
    "plans.wellnessplan": ("is_current", False, Q(is_current=True)),
}

# Values that follow the status or another field, never filled in on their own.
NOT_FILLED = {"discharge_reason", "services_consent_date", "services_consent_drawing"}


class MergeRefused(Exception):
    """The merge cannot happen; the message says why in plain words."""


def links_to_participant():
    """Every foreign key and one-to-one field, in any model, that points at a participant.

    `_meta.related_objects` leaves out relations declared with related_name="+" (the
    audit trail, `merged_into`), so hidden ones are asked for too: a model added later
    is moved without editing this file."""
    return [
        rel
        for rel in Participant._meta.get_fields(include_hidden=True)
        if rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one)
    ]


def check_merge(*, user, keep: Participant, duplicate: Participant) -> None:
    """Raises MergeRefused unless `user` may merge `duplicate` into `keep`."""
    if keep.pk == duplicate.pk:
        raise MergeRefused(str(SAME_RECORD))
    # Another organization's record gets the same answer as a missing one.
    if {keep.organization_id, duplicate.organization_id} != {user.organization_id}:
        raise MergeRefused(str(NO_SUCH_PARTICIPANT))
    if keep.merged_into_id or duplicate.merged_into_id:
        raise MergeRefused(str(ALREADY_MERGED))
    visible = Participant.objects.visible_to(user).filter(pk__in=[keep.pk, duplicate.pk])
    if visible.count() != 2:
        raise MergeRefused(str(NO_SUCH_PARTICIPANT))


def _fill_blanks(keep: Participant, duplicate: Participant) -> dict:
    """Copies the duplicate's value into every simple field the kept record left empty;
    returns the kept record's values before, by field name."""
    before = {}
    for field in Participant._meta.concrete_fields:
        if field.is_relation or field.primary_key or not field.editable or not field.blank:
            continue
        if field.name in NOT_FILLED:
            continue
        ours, theirs = getattr(keep, field.attname), getattr(duplicate, field.attname)
        if ours in field.empty_values and theirs not in field.empty_values:
            before[field.name] = ours
            setattr(keep, field.attname, theirs)
    if "services_consent_name" in before:
        # The signature comes with its drawing, its date and its witness.
        before["services_consent_drawing"] = keep.services_consent_drawing
        before["services_consent_date"] = keep.services_consent_date
        before["services_consent_witness"] = keep.services_consent_witness_id
        keep.services_consent_drawing = duplicate.services_consent_drawing
        keep.services_consent_date = duplicate.services_consent_date
        keep.services_consent_witness_id = duplicate.services_consent_witness_id
    return before


def _move_rows(keep: Participant, duplicate: Participant) -> tuple[Counter, Counter]:
    moved: Counter = Counter()
    collapsed: Counter = Counter()
    for rel in links_to_participant():
        model, field = rel.related_model, rel.field
        label = model._meta.label_lower
        if label in STAYS:
            continue
        # The base manager: custom querysets may refuse updates or hide rows.
        rows = model._base_manager.filter(**{field.name: duplicate})
        if label in COLLAPSES:
            other = COLLAPSES[label]
            theirs = model._base_manager.filter(**{field.name: keep}).values(other)
            removed = rows.filter(**{f"{other}__in": theirs}).delete()[0]
            if removed:
                collapsed[label] += removed
        if label in CLOSES_CURRENT:
            name, closed, current = CLOSES_CURRENT[label]
            if model._base_manager.filter(current, **{field.name: keep}).exists():
                if ended := rows.filter(current).update(**{name: closed}):
                    collapsed[label] += ended
        if rel.one_to_one and rows.exists():
            if model._base_manager.filter(**{field.name: keep}).exists():
                raise MergeRefused(str(BOTH_HAVE_ONE % {"name": model._meta.verbose_name}))
        count = rows.update(**{field.name: keep})
        if count:
            moved[label] += count
    return moved, collapsed


@transaction.atomic
def merge_participants(*, request, keep: Participant, duplicate: Participant) -> Participant:
    """The duplicate's contacts, follow-ups, history, consents and family links move to
    the kept record, which also takes the details it was missing; the duplicate leaves
    every list and its page is gone. Both records' audit trails say so."""
    if keep.pk == duplicate.pk:
        raise MergeRefused(str(SAME_RECORD))
    # Locked in id order, so two merges of the same pair cannot deadlock or both run.
    locked = Participant.objects.select_for_update().filter(pk__in=[keep.pk, duplicate.pk])
    rows = {p.pk: p for p in locked.order_by("pk")}
    if len(rows) != 2:
        raise MergeRefused(str(NO_SUCH_PARTICIPANT))
    keep, duplicate = rows[keep.pk], rows[duplicate.pk]
    check_merge(user=request.user, keep=keep, duplicate=duplicate)

    drop_pairs_of(duplicate)
    moved, collapsed = _move_rows(keep, duplicate)
    previous = _fill_blanks(keep, duplicate)
    filled = list(previous)
    # Like any edit, the values before it are kept with the record (encrypted).
    keep_version(
        keep,
        version=keep.version,
        user=request.user,
        fields=filled,
        previous=json.dumps(previous, cls=DjangoJSONEncoder, default=str),
    )
    keep.version += 1
    keep.save(update_fields=[*filled, "version", "updated_at"])
    duplicate.merged_into = keep
    duplicate.version += 1
    duplicate.save(update_fields=["merged_into", "version", "updated_at"])
    # The kept record may have taken a phone or a preferred name from the duplicate.
    keep_pairs_of(keep)

    record(
        request=request,
        action="update",
        obj=keep,
        fields=["merged"],
        detail={
            "merged": duplicate.pk,
            "moved": dict(sorted(moved.items())),
            "collapsed": dict(sorted(collapsed.items())),
            "filled": filled,
        },
    )
    record(
        request=request,
        action="update",
        obj=duplicate,
        fields=["merged_into"],
        detail={"merged_into": keep.pk},
    )
    return keep


def ids_merged_into(participant: Participant) -> list[int]:
    """The records merged into this one (a merge carries earlier merges along)."""
    return list(
        Participant._base_manager.filter(merged_into=participant).values_list("pk", flat=True)
    )
