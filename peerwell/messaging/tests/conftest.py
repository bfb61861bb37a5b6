import pytest
from twilio.request_validator import RequestValidator

from peerwell.messaging import backends

TOKEN = "test-auth-token"


@pytest.fixture
def sent(settings):
    """The texts handed to the provider (the in-memory backend), oldest first."""
    settings.SMS_BACKEND = "memory"
    backends.outbox.clear()
    yield backends.outbox
    backends.outbox.clear()


@pytest.fixture
def twilio_post(client, settings):
    """twilio_post(org, From=..., Body=..., MessageSid=...) -> the webhook's answer to a
    request signed as Twilio signs it (or with `token`, or unsigned)."""
    settings.TWILIO_AUTH_TOKEN = TOKEN
    counter = iter(range(1, 10_000))

    def post(org, *, token=TOKEN, signature=None, slug=None, **params):
        params.setdefault("MessageSid", f"SM{next(counter):032d}")
        params.setdefault("To", "+12155550100")
        path = f"/o/{slug or org.slug}/sms/twilio/"
        headers = {}
        if signature is None and token:
            signature = RequestValidator(token).compute_signature(settings.SITE_URL + path, params)
        if signature:
            headers["HTTP_X_TWILIO_SIGNATURE"] = signature
        return client.post(path, params, **headers)

    return post
