"""A text that came in: recorded once, STOP/START/HELP honoured, anything else handed to
the reply handlers (MESSAGING_REPLY_HANDLERS). The webhook and `peerwell fake_text` both
come here, so the demo and the tests run the provider's path."""

import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from peerwell.core.templatetags.peerwell import phone_display
from peerwell.participants.models import FamilyMember, Participant

from .models import InboundKind, InboundMessage, OptOut

logger = logging.getLogger("peerwell.messaging")

# The carriers' keywords (CTIA), as the whole text, any case.
STOP_WORDS = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"})
START_WORDS = frozenset({"START", "UNSTOP"})
HELP_WORDS = frozenset({"HELP", "INFO"})
# Words that would tell whoever sees the phone what the program is: a reply to HELP
# names the organization by its initials instead when its name holds one of them.
REVEALING = re.compile(
    r"recover|recuper|addict|adicci|substance|sustancia|sober|sobri|treatment|tratamiento"
    r"|drug|droga|alcohol|opioid|opioide",
    re.IGNORECASE,
)


@dataclass
class Received:
    message: InboundMessage | None  # None: a retry of a text already recorded
    reply: str = ""


def discreet_name(organization) -> str:
    """The organization's name, or its initials when the name says what it does
    ("Riverside Recovery Community" -> "RRC")."""
    name = organization.name
    if not REVEALING.search(name):
        return name
    return "".join(word[0] for word in name.split() if word[0].isalnum()).upper()


def keyword(body: str) -> str:
    return body.strip().strip(".!").strip().upper()


def senders(organization, number: str) -> tuple[list[Participant], bool]:
    """The participants with this number (of this organization, merged records left
    out), and whether anyone at all here has it (a family member counts)."""
    people = list(
        Participant.objects.filter(
            organization=organization, phone=number, merged_into__isnull=True
        ).select_related("assigned_peer")[:5]
    )
    known = (
        bool(people)
        or FamilyMember.objects.filter(organization=organization, phone=number).exists()
    )
    return people, known


def help_reply(organization) -> str:
    from peerwell.checkins.models import rules_for

    name = discreet_name(organization)
    number = rules_for(organization.pk).on_call_number
    if number:
        return _("%(name)s: for help, call %(phone)s. Reply STOP to stop these texts.") % {
            "name": name,
            "phone": phone_display(number),
        }
    return _(
        "%(name)s: for help, reply with your question and our team will get back to you. "
        "Reply STOP to stop these texts."
    ) % {"name": name}


def _handlers():
    """The reply handlers that exist: one whose module is not written yet is skipped."""
    found = []
    for path in settings.MESSAGING_REPLY_HANDLERS:
        module = path.rpartition(".")[0]
        try:
            found.append(import_string(path))
        except ImportError as error:
            missing = getattr(error, "name", None) or ""
            if missing and (module == missing or module.startswith(missing + ".")):
                continue  # the handler's module does not exist (yet)
            raise
    return found


def _hand_over(message: InboundMessage) -> str:
    """Runs the handlers on a text from a known number; the first reply wins. A handler
    that fails leaves the text for a person to read (kind "other"), never a lost text."""
    reply = ""
    for handler in _handlers():
        try:
            with transaction.atomic():
                answer = handler(message)
        except Exception:
            logger.exception("Reply handler %s failed on text %s", handler, message.pk)
            message.refresh_from_db()
            continue
        reply = reply or (answer or "")
    return reply


@transaction.atomic
def receive_text(
    *, organization, provider_id: str, from_number: str, to_number: str, body: str
) -> Received:
    """Records a text from `from_number` and does what it asks. Returns the text (None for
    a retry the provider made of one already recorded) and the reply to send back."""
    people, known = senders(organization, from_number)
    try:
        with transaction.atomic():
            message = InboundMessage.objects.create(
                organization=organization,
                provider_id=provider_id,
                from_number=from_number,
                to_number=to_number,
                body=body,
                kind=InboundKind.OTHER if known else InboundKind.UNKNOWN_SENDER,
                # Until a handler says otherwise, a participant's text goes to their peer.
                participant=people[0] if len(people) == 1 else None,
                for_user=people[0].assigned_peer if len(people) == 1 else None,
            )
    except IntegrityError:
        return Received(None)
    language = people[0].language if people and people[0].language != "other" else None
    with translation.override(language or settings.LANGUAGE_CODE):
        return Received(message, _act_on(organization, message, known))


def _act_on(organization, message: InboundMessage, known: bool) -> str:
    word = keyword(message.body)
    name = discreet_name(organization)
    if word in STOP_WORDS:
        OptOut.objects.get_or_create(organization=organization, phone=message.from_number)
        _set_kind(message, InboundKind.STOP)
        return _(
            "%(name)s: you are unsubscribed and will get no more texts from us. "
            "Reply START to get them again."
        ) % {"name": name}
    if word in START_WORDS:
        OptOut.objects.filter(organization=organization, phone=message.from_number).delete()
        _set_kind(message, InboundKind.START)
        return _("%(name)s: you will get our texts again. Reply HELP for help, STOP to stop.") % {
            "name": name
        }
    if word in HELP_WORDS:
        _set_kind(message, InboundKind.HELP)
        return help_reply(organization)
    if not known:
        return ""  # nobody here has that number: recorded, nothing else
    return _hand_over(message)


def _set_kind(message: InboundMessage, kind: str) -> None:
    # A keyword is no reply to read.
    message.kind, message.for_user = kind, None
    message.save(update_fields=["kind", "for_user"])
