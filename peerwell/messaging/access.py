"""Showing text replies: each shows part of a participant's record (their name and what
they wrote), so each is audited naming the participant, as tasks are
(participants/access.py). A reply is the reader's own task: the person it is for sees it
whatever the caseload; anyone else opens the participant's record first."""

from django.http import Http404

from peerwell.audit.actions import record, record_many
from peerwell.core.access import get_visible_or_404
from peerwell.participants.access import open_record

from .models import InboundMessage


def _page(request) -> str:
    match = getattr(request, "resolver_match", None)
    return match.url_name if match else ""


def open_own_texts(request, texts) -> None:
    """A list of the user's own replies to read; the audit names every participant
    shown, in one query."""
    if any(text.for_user_id != request.user.pk for text in texts):
        raise ValueError("open_own_texts lists only the user's own replies")
    participants = list(
        {text.participant_id: text.participant for text in texts if text.participant_id}.values()
    )
    record_many(
        request=request,
        action="view" if participants else "list",
        participants=participants,
        detail={"page": _page(request), "texts": [text.pk for text in texts]},
    )


def open_text(request, inbound_id) -> tuple[InboundMessage, object]:
    """One reply the user acts on, and its participant (None for a text no participant
    sent). Its reader acts on it whatever the caseload; anyone else must be able to open
    the participant's record (supervisors and admins, the caseload's peer)."""
    text = get_visible_or_404(request, InboundMessage.objects.all(), pk=inbound_id)
    user = request.user
    if text.participant_id is None:
        if text.for_user_id != user.pk and user.role not in {"admin", "supervisor"}:
            record(request=request, action="refused", obj=text, detail={"page": _page(request)})
            raise Http404
        record(request=request, action="view", obj=text, detail={"page": _page(request)})
        return text, None
    if text.for_user_id != user.pk:
        return text, open_record(request, text.participant_id)
    participant = text.participant
    record(
        request=request,
        action="view",
        obj=participant,
        detail={"page": _page(request), "text": text.pk},
    )
    return text, participant
