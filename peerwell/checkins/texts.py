"""Text check-ins: the day's check-in goes out as an SMS to those who chose texts, and
their reply comes back through the messaging webhook to `receive_reply`.

A reply that is a number is the self-rating; CALL (or LLAMAR), or a rating low enough to
worry about, puts a call in the callers' queue; anything else goes to the peer's list of
texts to read. Sending is idempotent through the outbox's dedupe key, so the task may
run twice."""

import re
from datetime import timedelta

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from peerwell.audit.actions import record
from peerwell.messaging.models import InboundKind, OptOut
from peerwell.orgs.models import Role, User

from .models import CallStatus, Channel, CheckInCall, rules_for

# A reply this many days after the check-in still answers it.
REPLY_DAYS = 3
# How many of the person's earlier ratings make their "recent average".
RECENT_RATINGS = 4
# A rating this low always asks for a call, whatever the person's average.
LOW_RATING = 2
CALL_WORDS = {"call", "call me", "llamar", "llamame", "llámame", "llamenme", "llámenme"}
_RATING = re.compile(r"^\s*([1-5])\s*[.!]*\s*$")


def message_language(language: str) -> str:
    """The language a text goes out in: Spanish for Spanish speakers, else English."""
    return "es" if language == "es" else "en"


def text_phone(person) -> str:
    """The person's number in E.164 when it can take a text, else ''."""
    phone = getattr(person, "phone", None)
    if not phone or not phone.is_valid():
        return ""
    return phone.as_e164


def may_text(person) -> bool:
    """Consent to texts is a participant's contact preference; a family member has no
    such consent on file, so they are called instead."""
    return bool(getattr(person, "may_text", False))


def may_name_program(person) -> bool:
    return bool(getattr(person, "text_may_mention_program", False))


def checkin_text(call) -> str:
    """The check-in question in the person's language; the organization is named only when
    the person allowed texts to mention the program."""
    person = call.person
    with translation.override(message_language(call.language)):
        if may_name_program(person):
            return _(
                "%(organization)s check-in: How are you doing today, 1 to 5? "
                "Reply CALL if you'd like a call."
            ) % {"organization": call.organization.name}
        return _("How are you doing today, 1 to 5? Reply CALL if you'd like a call.")


def _opted_out(organization_id, phone) -> bool:
    return OptOut.objects.filter(organization_id=organization_id, phone=phone).exists()


def send_text_checkins(*, day) -> int:
    """Texts the check-in to everyone whose check-in on `day` is a text, and marks those
    calls "texted". Someone who cannot be texted (no consent, no number that takes texts,
    opted out) gets a phone call instead: the call joins the callers' queue, so nobody
    falls through the cracks. Returns how many texts were queued."""
    from peerwell.messaging.actions import queue_text

    calls = (
        CheckInCall.objects.filter(due_date=day, channel=Channel.TEXT, status=CallStatus.QUEUED)
        .select_related("participant", "family_member", "organization")
        .order_by("id")
    )
    texted = 0
    for call in calls.iterator(chunk_size=500):
        person = call.person
        phone = text_phone(person)
        with transaction.atomic():
            if not may_text(person) or not phone or _opted_out(call.organization_id, phone):
                CheckInCall.objects.filter(pk=call.pk, status=CallStatus.QUEUED).update(
                    channel=Channel.CALL
                )
                continue
            queue_text(
                organization_id=call.organization_id,
                to=phone,
                body=checkin_text(call),
                purpose="checkin",
                dedupe_key=f"checkin:{call.pk}",
                participant=call.participant,
            )
            texted += CheckInCall.objects.filter(pk=call.pk, status=CallStatus.QUEUED).update(
                status=CallStatus.TEXTED
            )
    return texted


def _words(body: str) -> str:
    return re.sub(r"[^\w\s]", "", body).strip().lower()


def _recent_average(call) -> float | None:
    """The person's average over their last few ratings before this check-in (at most
    RECENT_RATINGS values: averaged here)."""
    ratings = list(
        CheckInCall.objects.filter(enrolment_id=call.enrolment_id, self_rating__isnull=False)
        .exclude(pk=call.pk)
        .order_by("-due_date", "-id")
        .values_list("self_rating", flat=True)[:RECENT_RATINGS]
    )
    return sum(ratings) / len(ratings) if ratings else None


def rating_is_low(call, rating: int) -> bool:
    """1 or 2, or the organization's `low_rating_drop` below the person's recent average."""
    if rating <= LOW_RATING:
        return True
    average = _recent_average(call)
    drop = rules_for(call.organization_id).low_rating_drop
    return average is not None and average - rating >= drop


def _queue_a_call(call, *, flagged: bool) -> None:
    """The check-in becomes a call for today's callers' queue (the same row, so the one
    call per day stays one)."""
    changes = {
        "channel": Channel.CALL,
        "status": CallStatus.QUEUED,
        "try_on": max(timezone.localdate(), call.due_date),
        "closed_at": None,
    }
    if flagged:
        changes["flagged_low"] = True
    CheckInCall.objects.filter(pk=call.pk).update(**changes)


def _reader_for(participant, organization_id):
    """Who reads a free text: the assigned peer, else a supervisor, else an admin."""
    if participant is not None and participant.assigned_peer_id:
        return participant.assigned_peer
    staff = User.objects.filter(organization_id=organization_id, is_active=True)
    return (
        staff.filter(role=Role.SUPERVISOR).order_by("id").first()
        or staff.filter(role=Role.ADMIN).order_by("id").first()
    )


def _person_with_number(organization_id, number):
    """The (not merged) participant of the organization with this number, if any."""
    from peerwell.participants.models import Participant

    return (
        Participant.objects.filter(
            organization_id=organization_id, phone=number, merged_into__isnull=True
        )
        .select_related("assigned_peer")
        .order_by("id")
        .first()
    )


def _checkin_answered_by(inbound):
    """The most recent check-in texted to this number lately, still waiting for a reply."""
    since = timezone.localdate() - timedelta(days=REPLY_DAYS)
    return (
        CheckInCall.objects.filter(
            organization_id=inbound.organization_id,
            status=CallStatus.TEXTED,
            participant__phone=inbound.from_number,
            due_date__gte=since,
        )
        .select_related("participant__assigned_peer")
        .order_by("-due_date", "-id")
        .first()
    )


@transaction.atomic
def receive_reply(inbound) -> str:
    """Reads a text that came in (saved by the webhook) and acts on it; sets the message's
    kind, participant, check-in and reader. Returns the kind."""
    call = _checkin_answered_by(inbound)
    participant = (
        call.participant
        if call
        else _person_with_number(inbound.organization_id, inbound.from_number)
    )
    if participant is None:
        inbound.kind = InboundKind.UNKNOWN_SENDER
        inbound.save(update_fields=["kind"])
        return inbound.kind
    inbound.participant = participant
    inbound.call = call
    words = _words(inbound.body)
    rating = _RATING.match(inbound.body or "")
    if call is not None and words in CALL_WORDS:
        inbound.kind = InboundKind.CALL
        _queue_a_call(call, flagged=False)
    elif call is not None and rating:
        inbound.kind = InboundKind.RATING
        value = int(rating.group(1))
        low = rating_is_low(call, value)
        CheckInCall.objects.filter(pk=call.pk).update(
            self_rating=value, status=CallStatus.ANSWERED, closed_at=timezone.now()
        )
        if low:
            _queue_a_call(call, flagged=True)
    else:
        inbound.kind = InboundKind.OTHER
        inbound.for_user = _reader_for(participant, inbound.organization_id)
    inbound.save(update_fields=["kind", "participant", "call", "for_user"])
    if call is not None and inbound.kind != InboundKind.OTHER:
        record(
            action="update",
            obj=call,
            participant=participant,
            organization=call.organization,
            fields=["self_rating", "status"] if inbound.kind == InboundKind.RATING else ["status"],
            detail={"via": "text reply", "kind": inbound.kind},
        )
    return inbound.kind
