import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from peerwell import testing
from peerwell.audit.models import AuditEntry
from peerwell.consents.actions import (
    INFORMATION_NOT_COVERED,
    NOT_IN_ONE_CONSENT,
    RECIPIENT_NOT_COVERED,
    REDISCLOSURE_NOTICE,
)
from peerwell.consents.models import Disclosure
from peerwell.core.appendonly import AppendOnly

pytestmark = pytest.mark.django_db

RECIPIENT = "Riverside Housing Authority"


def disclose_data(**overrides):
    data = {
        "recipient": RECIPIENT,
        "information": ["contact"],
        "purpose": "Housing application support",
    }
    data.update(overrides)
    return data


def post_disclosure(client, participant, **overrides):
    return client.post(
        reverse("disclose", args=[participant.pk]), disclose_data(**overrides), follow=True
    )


def assert_refused(response, recipient=RECIPIENT, *, message=RECIPIENT_NOT_COVERED, **more):
    """Refused with the part that was: by default, the recipient no consent names."""
    body = response.content.decode()
    assert response.status_code == 200
    assert escape(str(message) % {"recipient": recipient, **more}) in body
    assert "Housing application support" in body  # the input is kept
    assert not Disclosure.objects.exists()


def test_disclosure_without_consent_is_refused(as_user, peer, participant):
    assert_refused(post_disclosure(as_user(peer), participant))


def test_disclosure_under_expired_consent_is_refused(as_user, peer, participant):
    consent = testing.make_consent(participant, witnessed_by=peer)
    # The form refuses a past expiry date; time passing is what makes a consent expire.
    type(consent).objects.filter(pk=consent.pk).update(expires_on=date.today() - timedelta(days=1))
    assert_refused(post_disclosure(as_user(peer), participant))


def test_disclosure_under_revoked_consent_is_refused(as_user, peer, participant):
    testing.make_consent(participant, witnessed_by=peer, revoked_at=timezone.now(), revoked_by=peer)
    assert_refused(post_disclosure(as_user(peer), participant))


def test_disclosure_to_a_recipient_not_named_is_refused(as_user, peer, participant):
    testing.make_consent(participant, witnessed_by=peer)
    assert_refused(
        post_disclosure(as_user(peer), participant, recipient="Harbor County Court"),
        "Harbor County Court",
    )


def test_disclosure_of_information_not_named_is_refused(as_user, peer, participant):
    testing.make_consent(participant, witnessed_by=peer, information="contact")
    assert_refused(
        post_disclosure(as_user(peer), participant, information=["contact", "service_log"]),
        message=INFORMATION_NOT_COVERED,
        missing="Service log summary",
    )


def test_information_a_consent_names_in_two_parts_is_refused_as_one(as_user, peer, participant):
    testing.make_consent(participant, witnessed_by=peer, information="contact")
    testing.make_consent(participant, witnessed_by=peer, information="service_log")
    assert_refused(
        post_disclosure(as_user(peer), participant, information=["contact", "service_log"]),
        message=NOT_IN_ONE_CONSENT,
    )


def test_the_form_offers_each_recipient_a_consent_names_with_what_it_covers(
    as_user, peer, participant
):
    testing.make_consent(
        participant,
        witnessed_by=peer,
        recipient="Harbor Clinic\nDr. Ana Ortiz\nharbor clinic",
        information="contact",
    )
    testing.make_consent(participant, witnessed_by=peer, information="service_log")
    testing.make_consent(
        participant, witnessed_by=peer, recipient="Old Friend", revoked_at=timezone.now()
    )
    form = as_user(peer).get(reverse("disclose", args=[participant.pk])).content.decode()
    offered = re.findall(r'type="radio" name="recipient" value="([^"]*)"', form)
    assert offered == ["Dr. Ana Ortiz", "Harbor Clinic", RECIPIENT]
    assert "Harbor Clinic (their consent covers: Contact details)" in form
    assert f"{RECIPIENT} (their consent covers: Service log summary)" in form
    # The second recipient of a consent is covered like the first.
    response = post_disclosure(as_user(peer), participant, recipient="Dr. Ana Ortiz")
    assert Disclosure.objects.get().recipient == "Dr. Ana Ortiz"
    assert response.status_code == 200


def test_consent_of_another_participant_does_not_cover(as_user, peer, participant, org):
    testing.make_consent(testing.make_participant(org), witnessed_by=peer)
    assert_refused(post_disclosure(as_user(peer), participant))


def test_disclosure_under_valid_consent_carries_the_notice(as_user, peer, participant):
    consent = testing.make_consent(participant, witnessed_by=peer)
    response = post_disclosure(
        as_user(peer), participant, recipient="  riverside housing authority "
    )
    body = response.content.decode()
    assert response.status_code == 200
    disclosure = Disclosure.objects.get()
    assert disclosure.consent == consent and disclosure.disclosed_by == peer
    assert disclosure.notice == REDISCLOSURE_NOTICE and not disclosure.is_emergency
    assert "42 CFR part 2" in body and "NOT sufficient" in body
    assert AuditEntry.objects.filter(action="export", participant=participant).exists()


def test_consent_to_the_whole_record_covers_any_information(as_user, peer, participant):
    testing.make_consent(participant, witnessed_by=peer, information="whole_record")
    response = post_disclosure(as_user(peer), participant, information=["contact", "service_log"])
    assert response.status_code == 200
    assert Disclosure.objects.get().information == "contact,service_log"


def test_disclosure_rows_cannot_be_changed_or_deleted(peer, participant):
    disclosure = Disclosure.objects.create(
        organization=participant.organization,
        participant=participant,
        recipient=RECIPIENT,
        information="contact",
        disclosed_by=peer,
    )
    disclosure.recipient = "Someone else"
    with pytest.raises(AppendOnly):
        disclosure.save()
    with pytest.raises(AppendOnly):
        disclosure.delete()
    with pytest.raises(AppendOnly):
        Disclosure.objects.filter(pk=disclosure.pk).update(recipient="Someone else")
    with pytest.raises(AppendOnly):
        Disclosure.objects.all().delete()
    assert Disclosure.objects.get().recipient == RECIPIENT


def test_a_reload_after_disclosing_adds_nothing_to_the_accounting(as_user, peer, participant):
    testing.make_consent(participant, witnessed_by=peer)
    client = as_user(peer)
    response = client.post(reverse("disclose", args=[participant.pk]), disclose_data())
    disclosure = Disclosure.objects.get()
    packet = reverse("disclosure_packet", args=[participant.pk, disclosure.pk])
    assert response.status_code == 302 and response["Location"] == packet
    first = client.get(packet).content.decode()
    assert "Disclosure recorded." in first and REDISCLOSURE_NOTICE[:60] in first
    reloaded = client.get(packet).content.decode()
    assert "Disclosure recorded." not in reloaded and REDISCLOSURE_NOTICE[:60] in reloaded
    assert Disclosure.objects.count() == 1
