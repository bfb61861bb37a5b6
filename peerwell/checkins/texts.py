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

from .escalations import flag_low_rating, linked_participant, owner_for
from .models import CallStatus, Channel, CheckInCall

# A reply this many days after the check-in still answers it.
REPLY_DAYS = 3
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


def _person_with_number(organization_id, number):
    """Who has this number in the organization: a (not merged) participant, else a family
    member (whose texts go under the first participant they are linked to). Returns the
    participant the text belongs with, or None, and whether anyone has the number."""
    from peerwell.participants.models import FamilyMember, Participant

    participant = (
        Participant.objects.filter(
            organization_id=organization_id, phone=number, merged_into__isnull=True
        )
        .select_related("assigned_peer")
        .order_by("id")
        .first()
    )
    if participant is not None:
        return participant, True
    member = (
        FamilyMember.objects.filter(organization_id=organization_id, phone=number)
        .order_by("id")
        .first()
    )
    if member is None:
        return None, False
    return linked_participant(member), True


def _checkin_answered_by(inbound):
    """The most recent check-in texted to this number lately, still waiting for a reply;
    locked, so two replies at once answer it once (the call row only: PostgreSQL refuses
    FOR UPDATE on the outer join to the assigned peer)."""
    since = timezone.localdate() - timedelta(days=REPLY_DAYS)
    return (
        CheckInCall.objects.select_for_update(of=("self",))
        .filter(
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
def receive_reply(inbound) -> str | None:
    """Reads a text that came in (recorded by the messaging webhook, STOP/START/HELP
    already handled) and acts on it; sets the message's kind, participant, check-in and
    reader. Returns the reply to text back, or None (MESSAGING_REPLY_HANDLERS)."""
    call = _checkin_answered_by(inbound)
    if call is not None:
        participant, known = call.participant, True
    else:
        participant, known = _person_with_number(inbound.organization_id, inbound.from_number)
    if not known:
        inbound.kind, inbound.participant, inbound.for_user = InboundKind.UNKNOWN_SENDER, None, None
        inbound.save(update_fields=["kind", "participant", "for_user"])
        return None
    inbound.participant, inbound.call, inbound.for_user = participant, call, None
    rating = _RATING.match(inbound.body or "")
    reply = None
    if call is not None and _words(inbound.body) in CALL_WORDS:
        inbound.kind = InboundKind.CALL
        _queue_a_call(call, flagged=False)
        reply = _("Thanks. We'll call you soon.")
    elif call is not None and rating:
        inbound.kind = InboundKind.RATING
        reply = _record_rating(call, int(rating.group(1)))
    else:
        inbound.kind = InboundKind.OTHER
        inbound.for_user = owner_for(participant, inbound.organization_id)
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
    return reply


def _record_rating(call, rating: int) -> str:
    """The rating answers the check-in. A low one (1 or 2, or well below the person's
    usual: the peer gets an escalation then) puts a flagged call in today's queue."""
    CheckInCall.objects.filter(pk=call.pk).update(
        self_rating=rating, status=CallStatus.ANSWERED, closed_at=timezone.now()
    )
    dropped = flag_low_rating(call, rating) is not None
    if dropped or rating <= LOW_RATING:
        _queue_a_call(call, flagged=True)
        return _("Thanks for letting us know. We'll call you soon.")
    return _("Thanks for letting us know.")
