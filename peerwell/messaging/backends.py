"""Where a text goes once the outbox hands it over: the log (console), Twilio, or a list
in memory for tests. A backend answers `send_sms(to, body) -> provider id` and raises
`SmsError` with a reason a person can read when the provider refuses."""

import logging
import uuid

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("peerwell.messaging")


class SmsError(Exception):
    """The provider refused the text; the message says why (kept on the outbox row)."""


def masked(number: str) -> str:
    """A number as the log shows it: enough to tell two apart, not enough to dial."""
    if len(number) <= 6:
        return "***"
    return number[:2] + "*" * (len(number) - 6) + number[-4:]


class ConsoleBackend:
    """The default and the demo's: a log line. The outbox row is the record of the text."""

    def send_sms(self, to: str, body: str) -> str:
        provider_id = f"console-{uuid.uuid4().hex[:16]}"
        logger.info("Text to %s (%s): %s", masked(to), provider_id, body)
        return provider_id


# What MemoryBackend sent, oldest first, like django.core.mail.outbox (tests empty it).
outbox: list[tuple[str, str]] = []


class MemoryBackend:
    def send_sms(self, to: str, body: str) -> str:
        outbox.append((to, body))
        return f"memory-{len(outbox)}"


class TwilioBackend:
    """Through Twilio's official client, from TWILIO_FROM_NUMBER. `TWILIO_API_URL` points
    the client elsewhere (a regional edge's address, or the tests' local fake server)."""

    def __init__(self):
        from twilio.rest import Client

        self.client = Client(settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN)
        if settings.TWILIO_API_URL:
            self.client.api.base_url = settings.TWILIO_API_URL

    def send_sms(self, to: str, body: str) -> str:
        from twilio.base.exceptions import TwilioException, TwilioRestException

        try:
            message = self.client.messages.create(
                to=to, from_=settings.TWILIO_FROM_NUMBER, body=body
            )
        except TwilioRestException as error:
            raise SmsError(f"Twilio refused the text ({error.code}): {error.msg}") from error
        except (TwilioException, OSError) as error:
            raise SmsError(f"Twilio could not be reached: {error}") from error
        return message.sid


BACKENDS = {
    "console": ConsoleBackend,
    "memory": MemoryBackend,
    "twilio": TwilioBackend,
}


def get_backend():
    """The backend named by SMS_BACKEND ("console", "twilio", "memory" or a dotted path)."""
    name = settings.SMS_BACKEND
    return (BACKENDS.get(name) or import_string(name))()
