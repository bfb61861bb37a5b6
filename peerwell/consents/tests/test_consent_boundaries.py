"""Where a consent stops covering: the recipient named exactly, the last day before
expiry, the signature, and at least one item of information (42 CFR 2.31)."""

from datetime import date, timedelta

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from peerwell import testing
from peerwell.audit.models import AuditEntry
from peerwell.consents.actions import (
    NOTHING_CHOSEN,
    RECIPIENT_NOT_COVERED,
    DisclosureRefused,
    disclose,
)
from peerwell.consents.forms import EXPIRY_IN_PAST, EXPIRY_REQUIRED, SIGNED_IN_FUTURE
from peerwell.consents.models import Consent, Disclosure

pytestmark = pytest.mark.django_db

RECIPIENT = "Riverside Housing Authority"
EXPIRES = date(2031, 3, 14)


def post_disclosure(client, participant, recipient=RECIPIENT):
    return client.post(
        reverse("disclose", args=[participant.pk]),
        {"recipient": recipient, "information": ["contact"], "purpose": "Housing application"},
        follow=True,
    )


def refused(response, recipient=RECIPIENT) -> bool:
    message = str(RECIPIENT_NOT_COVERED) % {"recipient": recipient}
    return escape(message) in response.content.decode()


def shown_status(client, participant) -> str:
    """The status cell of the only consent on the participant's list of consents."""
    page = client.get(reverse("consent_list", args=[participant.pk])).content.decode()
    cell = page.split('data-label="Status">', 1)[1].split("</td>", 1)[0]
    return cell.split("<strong>", 1)[1].split("</strong>", 1)[0]


@pytest.fixture
def today_is(monkeypatch):
    """today_is(day): from now on, the local date is `day` for every check of "today"."""
    real_localdate = timezone.localdate

    def set_today(day):
        def localdate(value=None, timezone=None):
            return day if value is None else real_localdate(value, timezone)

        monkeypatch.setattr("django.utils.timezone.localdate", localdate)

    return set_today


@pytest.mark.parametrize(
    "asked",
    [
        "Riverside",  # the start of the name
        "Riverside Housing",
        "Housing Authority",  # the end of it
        "Housing",
        "Riverside Housing Authority Police",  # more than was named
    ],
)
def test_a_recipient_only_part_of_the_named_one_is_refused(as_user, peer, participant, asked):
    testing.make_consent(participant, witnessed_by=peer, recipient=RECIPIENT)
    response = post_disclosure(as_user(peer), participant, recipient=asked)
    assert response.status_code == 200 and refused(response, asked)
    assert not Disclosure.objects.exists()


def test_a_consent_expiring_today_covers_today(as_user, peer, participant, today_is):
    testing.make_consent(
        participant, witnessed_by=peer, expires_on=EXPIRES, signed_on=EXPIRES - timedelta(30)
    )
    today_is(EXPIRES)
    client = as_user(peer)
    assert shown_status(client, participant) == "Valid"
    form = client.get(reverse("disclose", args=[participant.pk])).content.decode()
    assert RECIPIENT in form  # offered as a recipient
    response = post_disclosure(client, participant)
    assert response.status_code == 200 and not refused(response)
    assert Disclosure.objects.get().recipient == RECIPIENT


def test_a_consent_expiring_today_no_longer_covers_tomorrow(as_user, peer, participant, today_is):
    testing.make_consent(
        participant, witnessed_by=peer, expires_on=EXPIRES, signed_on=EXPIRES - timedelta(30)
    )
    today_is(EXPIRES + timedelta(days=1))
    client = as_user(peer)
    assert shown_status(client, participant) == "Expired"
    form = client.get(reverse("disclose", args=[participant.pk])).content.decode()
    assert RECIPIENT not in form
    assert refused(post_disclosure(client, participant))
    assert not Disclosure.objects.exists()


@pytest.mark.parametrize("signature", ["", "   "])
def test_an_unsigned_consent_never_covers_and_shows_as_not_signed(
    as_user, peer, participant, signature
):
    # The form cannot save one, but a row can arrive unsigned (an import, the admin).
    testing.make_consent(participant, witnessed_by=peer, signature=signature)
    client = as_user(peer)
    assert shown_status(client, participant) == "Not signed"
    form = client.get(reverse("disclose", args=[participant.pk])).content.decode()
    assert RECIPIENT not in form
    assert refused(post_disclosure(client, participant))
    assert not Disclosure.objects.exists()


def test_disclose_refuses_an_empty_list_of_information(peer, participant):
    # The form asks for at least one item; the action refuses on its own for other callers.
    testing.make_consent(participant, witnessed_by=peer, information="whole_record")
    request = RequestFactory().post("/")
    request.user = peer
    with pytest.raises(DisclosureRefused) as refusal:
        disclose(
            request=request,
            participant=participant,
            recipient=RECIPIENT,
            information=[],
            purpose="Housing application",
        )
    assert str(refusal.value) == str(NOTHING_CHOSEN)
    assert not Disclosure.objects.exists()
    assert not AuditEntry.objects.filter(action="export").exists()


def consent_form_post(client, participant, **fields):
    data = {
        "disclosing_party": "Riverside Recovery Community",
        "information": ["contact"],
        "recipient": RECIPIENT,
        "purpose": "Housing application",
        "told_right_to_revoke": "on",
        "revocation_method": "In writing, to the program director.",
        "conditioning": "not_conditioned",
        "expires_on": "",
        "expiry_event": "",
        "signature": "Maria Lopez",
        "signed_on": (EXPIRES - timedelta(days=1)).isoformat(),
        **fields,
    }
    return client.post(reverse("consent_new", args=[participant.pk]), data)


def form_errors(response):
    return {field: list(errors) for field, errors in response.context["form"].errors.items()}


def test_the_form_takes_a_consent_that_ends_today(as_user, peer, participant, today_is):
    today_is(EXPIRES)
    response = consent_form_post(as_user(peer), participant, expires_on=EXPIRES.isoformat())
    assert response.status_code == 302
    assert Consent.objects.get().status == "valid"


def test_a_past_expiry_gets_one_message_on_the_expiry_date(as_user, peer, participant, today_is):
    today_is(EXPIRES)
    yesterday = (EXPIRES - timedelta(days=1)).isoformat()
    response = consent_form_post(as_user(peer), participant, expires_on=yesterday)
    assert form_errors(response) == {"expires_on": [str(EXPIRY_IN_PAST)]}


def test_no_expiry_at_all_is_asked_for_on_the_expiry_date(as_user, peer, participant, today_is):
    today_is(EXPIRES)
    response = consent_form_post(as_user(peer), participant)
    assert form_errors(response) == {"expires_on": [str(EXPIRY_REQUIRED)]}


def test_a_consent_signed_tomorrow_is_refused(as_user, peer, participant, today_is):
    today_is(EXPIRES)
    tomorrow = (EXPIRES + timedelta(days=1)).isoformat()
    response = consent_form_post(
        as_user(peer), participant, signed_on=tomorrow, expiry_event="Housing decided"
    )
    assert form_errors(response) == {"signed_on": [str(SIGNED_IN_FUTURE)]}
    assert not Consent.objects.exists()
