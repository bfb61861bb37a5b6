"""Writes to referrals: make one, move it through its statuses, send it with the
participant's information.

Each takes the acting user and plain values; `origin` is the HTTP request a change came
from, when there is one, only so that the audit row says from where (as in
`checkins/enrolment.py`). Status changes follow one table of allowed moves, applied by a
conditional UPDATE on the version, so two clicks or a stale page never apply twice."""

from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peerwell.audit.actions import record
from peerwell.checkins.models import Escalation
from peerwell.checkins.models.escalations import EscalationKind
from peerwell.consents import actions as consents
from peerwell.consents.models import Information

from .models import (
    STATUS_DATE_FIELDS,
    Need,
    Referral,
    ReferralKind,
    ReferralStatus,
)

S = ReferralStatus
# The allowed status changes: one table, checked by `move_referral`. A proposal the
# participant turns down is declined; once sent, the provider accepts or declines, and
# the peer closes it as completed or not completed.
NEXT_STATUSES = {
    S.PROPOSED: (S.SENT, S.DECLINED),
    S.SENT: (S.ACCEPTED, S.DECLINED, S.COMPLETED, S.NOT_COMPLETED),
    S.ACCEPTED: (S.COMPLETED, S.NOT_COMPLETED),
    S.DECLINED: (),
    S.COMPLETED: (),
    S.NOT_COMPLETED: (),
}
# Closing as "not completed" needs a reason; "declined" may have one.
REASON_REQUIRED = (S.NOT_COMPLETED,)

# What a person sees when a change is refused (tests import these).
MOVE_REFUSED = _(
    "This referral cannot be marked %(status)s now: it is %(current)s. Nothing was changed."
)
STALE_PAGE = _(
    "Someone changed this referral since you opened the page. Here it is as it is now; "
    "nothing was changed."
)
REASON_NEEDED = _("Say why it was not completed.")
NOT_THIS_PERSON = _("That escalation is not about this participant.")
NOT_A_RECURRENCE = _(
    "Only an escalation for a recurrence of use leads to a referral back to treatment."
)


class ReferralRefused(Exception):
    """The change is not allowed; the message says why, in plain words."""


def allowed_moves(referral: Referral) -> tuple:
    return NEXT_STATUSES[ReferralStatus(referral.status)]


def _follow_up_on(sent_at, days: int):
    return timezone.localdate(sent_at) + timedelta(days=days)


def _check_escalation(escalation, participant) -> None:
    if escalation.participant_id != participant.pk:
        raise ReferralRefused(NOT_THIS_PERSON)
    if escalation.kind != EscalationKind.RECURRENCE:
        raise ReferralRefused(NOT_A_RECURRENCE)


@transaction.atomic
def create_referral(
    *,
    by,
    participant,
    need: str,
    kind: str = ReferralKind.REFERRAL,
    service=None,
    provider_name: str = "",
    provider_contact: str = "",
    note: str = "",
    warm_handoff: bool = False,
    follow_up_days: int = 7,
    send_now: bool = False,
    escalation: Escalation | None = None,
    origin=None,
) -> Referral:
    """The referral appears on the participant's record, proposed or already sent; a
    sent one lands on the peer's follow-ups list `follow_up_days` after today. A
    referral back to treatment is always for treatment; one from an escalation is
    linked to it, so the figures show the time from the flag to the hand-off."""
    if escalation is not None:
        _check_escalation(escalation, participant)
        kind = ReferralKind.BACK_TO_TREATMENT
    if kind == ReferralKind.BACK_TO_TREATMENT:
        need = Need.TREATMENT
    if service is not None:
        provider_name = service.name
        phone = service.phones.order_by("id").values_list("number", flat=True).first()
        provider_contact = phone or service.email or provider_contact
    now = timezone.now()
    referral = Referral.objects.create(
        organization_id=participant.organization_id,
        participant=participant,
        kind=kind,
        service=service,
        provider_name=provider_name.strip(),
        provider_contact=provider_contact.strip(),
        need=need,
        note=note,
        warm_handoff=warm_handoff,
        follow_up_days=follow_up_days,
        escalation=escalation,
        made_by=by,
        proposed_at=now,
        status=S.SENT if send_now else S.PROPOSED,
        sent_at=now if send_now else None,
        follow_up_on=_follow_up_on(now, follow_up_days) if send_now else None,
    )
    record(
        request=origin,
        actor=by,
        action="create",
        obj=referral,
        participant=participant,
        fields=["kind", "need", "provider_name", "status", "warm_handoff"]
        + (["note"] if note else []),
        detail={"status": referral.status},
    )
    return referral


@transaction.atomic
def move_referral(
    *, by, referral: Referral, to: str, version: int, reason: str = "", origin=None
) -> Referral:
    """Marks the referral `to` (sent, accepted, declined, completed, not completed) with
    today's date, if its status allows it and nobody changed it since `version` was read;
    otherwise raises ReferralRefused and changes nothing. Sending sets the follow-up
    date; closing takes it off the follow-ups list."""
    to = ReferralStatus(to)
    reason = reason.strip()
    if to in REASON_REQUIRED and not reason:
        raise ReferralRefused(REASON_NEEDED)
    allowed_from = [s for s, nexts in NEXT_STATUSES.items() if to in nexts]
    now = timezone.now()
    also = {STATUS_DATE_FIELDS[to]: now}
    if to == S.SENT:
        also["follow_up_on"] = _follow_up_on(now, referral.follow_up_days)
    if to in (S.DECLINED, S.NOT_COMPLETED) and reason:
        also["reason"] = reason
    moved = Referral.objects.filter(
        pk=referral.pk, version=version, status__in=allowed_from
    ).update(status=to, version=F("version") + 1, **also)
    if not moved:
        current = Referral.objects.filter(pk=referral.pk).values_list("status", "version").first()
        if current and current[1] != version:
            raise ReferralRefused(STALE_PAGE)
        raise ReferralRefused(
            MOVE_REFUSED
            % {"status": to.label.lower(), "current": ReferralStatus(referral.status).label.lower()}
        )
    referral.refresh_from_db()
    record(
        request=origin,
        actor=by,
        action="update",
        obj=referral,
        participant=referral.participant,
        fields=["status", *also],
        detail={"to": str(to)},
    )
    return referral


@transaction.atomic
def share_referral(*, request, referral: Referral, participant, recipient: str, purpose: str):
    """Records the disclosure of the referral's details to `recipient` under a valid
    consent that names them and covers referral details (the accounting of disclosures
    lists it), and links it to the referral, whose FHIR file can then be downloaded.
    Raises `consents.DisclosureRefused` otherwise, with nothing recorded."""
    disclosure = consents.disclose(
        request=request,
        participant=participant,
        recipient=recipient,
        information=[Information.REFERRALS],
        purpose=purpose,
    )
    Referral.objects.filter(pk=referral.pk).update(disclosure=disclosure, version=F("version") + 1)
    referral.refresh_from_db()
    record(
        request=request,
        action="update",
        obj=referral,
        participant=participant,
        fields=["disclosure"],
        detail={"disclosure": disclosure.pk},
    )
    return disclosure
