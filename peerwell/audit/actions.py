"""`record`: the one function that writes the audit trail (`record_many` for a read that
names several participants at once)."""

from contextvars import ContextVar

from django.db import models

from peerwell.core import client_ip as address

from .models import AuditEntry

# The request being answered, set by `audit.middleware.AuditRequestMiddleware`: actions
# take the acting user, not the request (DESIGN.md), and the worker and commands have none.
request_context: ContextVar = ContextVar("peerwell_audit_request", default=None)


def client_ip(request) -> str | None:
    """The same address the sign-in throttle uses (core/client_ip.py)."""
    return address.client_ip(request)


def _entry(
    *,
    action: str,
    request=None,
    actor=None,
    obj: models.Model | None = None,
    participant=None,
    fields=(),
    reason: str = "",
    detail: dict | None = None,
    organization=None,
) -> AuditEntry:
    if request is None:
        request = request_context.get()
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
    if organization is None:
        organization = getattr(actor, "organization", None) or getattr(obj, "organization", None)
    if (
        participant is None
        and obj is not None
        and obj._meta.label_lower == "participants.participant"
    ):
        participant = obj
    return AuditEntry(
        action=action,
        actor=actor,
        organization=organization,
        model=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        participant=participant,
        fields=sorted(fields),
        detail=detail or {},
        reason=reason,
        ip_address=client_ip(request) if request is not None else None,
        path=request.path[:300] if request is not None else "",
    )


def record(**what) -> AuditEntry:
    """Append one row: who, what, when, from where, and why (for emergency access).

    Takes `action` and any of `request`, `actor`, `obj`, `participant`, `fields`,
    `reason`, `detail`, `organization`. `fields` names what changed; values are never
    written here."""
    entry = _entry(**what)
    entry.save()
    return entry


def record_many(*, participants, **what) -> None:
    """One row per participant named, in one query: a page that shows a part of several
    records (a family member linked to two participants) is found under each of them.
    With no participant, one row that names none."""
    first, *rest = participants or [None]
    entry = _entry(participant=first, **what)
    # Who, when, from which address and what are the same on every row: worked out once.
    shared = {
        field.attname: getattr(entry, field.attname)
        for field in AuditEntry._meta.concrete_fields
        if field.attname not in ("id", "participant_id")
    }
    AuditEntry.objects.bulk_create(
        [entry, *(AuditEntry(participant=participant, **shared) for participant in rest)]
    )
