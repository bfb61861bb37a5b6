"""One referral as HL7 FHIR R4 JSON for the provider: a Bundle of type "collection"
holding the ServiceRequest (what is asked: the need, the provider, who asks) and the
Task that tracks it (its status, with the dates of sending and closing), the pair the
closed-loop referral guides (the Gravity Project's and 360X's) exchange.

Like the assessments' export (`assessments/fhir.py`), it is built only for a recorded
`Disclosure` (see `views_referrals.referral_fhir`), carries the Part 2 security labels,
and its narrative is the redisclosure notice of the disclosure it was sent under.

What goes: the need, the kind, the provider, whether it is a warm hand-off, the status
and its dates, and the participant's name. What does not: the peer's note and the reason
a referral was declined or not completed, which are the program's own record (the form
says so), not the "referral details" a consent covers."""

import uuid
from html import escape

from django.utils import timezone

from peerwell.assessments.fhir import SECURITY

from .models import Need, ReferralKind, ReferralStatus

NEED_SYSTEM = "urn:peerwell:need"
KIND_SYSTEM = "urn:peerwell:referral-kind"
S = ReferralStatus
# The referral's status as the ServiceRequest's (what is asked) and the Task's (how far).
REQUEST_STATUS = {
    S.PROPOSED: "draft",
    S.SENT: "active",
    S.ACCEPTED: "active",
    S.DECLINED: "revoked",
    S.COMPLETED: "completed",
    S.NOT_COMPLETED: "revoked",
}
TASK_STATUS = {
    S.PROPOSED: "draft",
    S.SENT: "requested",
    S.ACCEPTED: "accepted",
    S.DECLINED: "rejected",
    S.COMPLETED: "completed",
    S.NOT_COMPLETED: "failed",
}


def _when(value):
    return value.isoformat(timespec="seconds") if value else None


def _narrative(referral, notice: str) -> dict:
    summary = (
        f"{ReferralKind(referral.kind).label} for {Need(referral.need).label.lower()} "
        f"to {referral.provider_name}: {ReferralStatus(referral.status).label.lower()}."
    )
    div = f'<div xmlns="http://www.w3.org/1999/xhtml"><p>{escape(summary)}</p>'
    div += f"<p>{escape(notice)}</p></div>"
    return {"status": "generated", "div": div}


def service_request(referral, *, notice: str) -> dict:
    need = Need(referral.need)
    request = {
        "resourceType": "ServiceRequest",
        "id": f"referral-{referral.pk}",
        "meta": {"security": SECURITY},
        "text": _narrative(referral, notice),
        "status": REQUEST_STATUS[ReferralStatus(referral.status)],
        "intent": "order",
        "category": [
            {
                "coding": [
                    {
                        "system": KIND_SYSTEM,
                        "code": referral.kind,
                        "display": str(ReferralKind(referral.kind).label),
                    }
                ]
            }
        ],
        "code": {
            "coding": [{"system": NEED_SYSTEM, "code": need.value, "display": str(need.label)}],
            "text": str(need.label),
        },
        "subject": {"display": referral.participant.full_name},
        "authoredOn": _when(referral.sent_at or referral.proposed_at),
        "requester": {"display": referral.made_by.full_name},
        "performer": [{"display": referral.provider_name}],
    }
    if referral.warm_handoff:
        request["patientInstruction"] = "Warm hand-off: the peer introduces them in person."
    return request


def task(referral, *, request_url: str) -> dict:
    status = ReferralStatus(referral.status)
    body = {
        "resourceType": "Task",
        "id": f"referral-task-{referral.pk}",
        "meta": {"security": SECURITY},
        "status": TASK_STATUS[status],
        "businessStatus": {"text": str(status.label)},
        "intent": "order",
        "focus": {"reference": request_url},
        "for": {"display": referral.participant.full_name},
        "authoredOn": _when(referral.proposed_at),
        "lastModified": _when(
            referral.closed_at or referral.accepted_at or referral.sent_at or referral.proposed_at
        ),
        "requester": {"display": referral.made_by.full_name},
        "owner": {"display": referral.provider_name},
    }
    if referral.sent_at:
        period = {"start": _when(referral.sent_at)}
        if referral.closed_at:
            period["end"] = _when(referral.closed_at)
        body["executionPeriod"] = period
    return body


def bundle(referral, *, notice: str) -> dict:
    """The Bundle a provider imports: ServiceRequest, then the Task that points at it."""
    request_url = f"urn:uuid:{uuid.uuid4()}"
    return {
        "resourceType": "Bundle",
        "id": str(uuid.uuid4()),
        "meta": {"security": SECURITY},
        "type": "collection",
        "timestamp": timezone.now().isoformat(timespec="seconds"),
        "entry": [
            {"fullUrl": request_url, "resource": service_request(referral, notice=notice)},
            {
                "fullUrl": f"urn:uuid:{uuid.uuid4()}",
                "resource": task(referral, request_url=request_url),
            },
        ],
    }
