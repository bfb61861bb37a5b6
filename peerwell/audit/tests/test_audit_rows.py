"""Each audited action writes the whole row a supervisor reads later: who, which
organization, what and which row, which participant, which fields (never their values),
the detail, from which address and page."""

from datetime import date

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from peerwell import testing
from peerwell.audit.models import AuditEntry
from peerwell.consents.actions import NATURE_REQUIRED, DisclosureRefused, disclose_in_emergency
from peerwell.consents.models import Consent, Disclosure
from peerwell.orgs.models import Authenticator, RecoveryCode

pytestmark = pytest.mark.django_db


def row(entry):
    return {
        "action": entry.action,
        "actor": entry.actor,
        "organization": entry.organization,
        "model": entry.model,
        "object_id": entry.object_id,
        "participant": entry.participant,
        "fields": entry.fields,
        "detail": entry.detail,
        "ip_address": entry.ip_address,
        "path": entry.path,
    }


def only(**lookup):
    return row(AuditEntry.objects.get(**lookup))


def test_recording_a_consent(as_user, peer, participant, org):
    url = reverse("consent_new", args=[participant.pk])
    as_user(peer).post(
        url,
        {
            "disclosing_party": org.name,
            "information": ["contact"],
            "recipient": "Harbor Housing Services",
            "purpose": "Housing application",
            "told_right_to_revoke": "on",
            "revocation_method": "In writing, to the program director.",
            "conditioning": "not_conditioned",
            "expiry_event": "When the application is decided",
            "signature": "Alex Rivera",
            "signed_on": date.today().isoformat(),
        },
    )
    consent = Consent.objects.get()
    entry = only(action="create", model="consents.consent")
    assert {"information", "recipient", "purpose", "signature"} <= set(entry.pop("fields"))
    assert entry == {
        "action": "create",
        "actor": peer,
        "organization": org,
        "model": "consents.consent",
        "object_id": str(consent.pk),
        "participant": participant,
        "detail": {},
        "ip_address": "127.0.0.1",
        "path": url,
    }


def test_revoking_a_consent(as_user, peer, participant, org):
    consent = testing.make_consent(participant, witnessed_by=peer)
    url = reverse("consent_revoke", args=[participant.pk, consent.pk])
    as_user(peer).post(url)
    assert only(action="update", model="consents.consent") == {
        "action": "update",
        "actor": peer,
        "organization": org,
        "model": "consents.consent",
        "object_id": str(consent.pk),
        "participant": participant,
        "fields": ["revoked_at", "revoked_by"],
        "detail": {},
        "ip_address": "127.0.0.1",
        "path": url,
    }


def test_a_disclosure_under_consent(as_user, peer, participant, org):
    consent = testing.make_consent(participant, witnessed_by=peer)
    url = reverse("disclose", args=[participant.pk])
    as_user(peer).post(
        url,
        {
            "recipient": "Riverside Housing Authority",
            "information": ["contact", "service_log"],
            "purpose": "Housing application",
        },
    )
    disclosure = Disclosure.objects.get()
    assert (disclosure.purpose, disclosure.emergency_nature) == ("Housing application", "")
    assert only(action="export") == {
        "action": "export",
        "actor": peer,
        "organization": org,
        "model": "participants.participant",
        "object_id": str(participant.pk),
        "participant": participant,
        "fields": [],
        "detail": {
            "disclosure": disclosure.pk,
            "consent": consent.pk,
            "information": ["contact", "service_log"],
            "emergency": False,
        },
        "ip_address": "127.0.0.1",
        "path": url,
    }


def test_an_emergency_disclosure(as_user, peer, participant, org):
    url = reverse("disclose_emergency", args=[participant.pk])
    as_user(peer).post(
        url,
        {
            "recipient": "  St. Mary's Emergency Department ",
            "information": ["contact", "service_log"],
            "nature": "  Unresponsive at the drop-in center. ",
        },
    )
    disclosure = Disclosure.objects.get()
    assert (disclosure.consent, disclosure.recipient, disclosure.information) == (
        None,
        "St. Mary's Emergency Department",
        "contact,service_log",
    )
    assert (disclosure.purpose, disclosure.emergency_nature, disclosure.is_emergency) == (
        "",
        "Unresponsive at the drop-in center.",
        True,
    )
    assert only(action="export")["detail"] == {
        "disclosure": disclosure.pk,
        "consent": None,
        "information": ["contact", "service_log"],
        "emergency": True,
    }


def test_an_emergency_disclosure_needs_its_nature_even_called_directly(peer, participant):
    request = RequestFactory().post("/")
    request.user = peer
    with pytest.raises(DisclosureRefused) as refusal:
        disclose_in_emergency(
            request=request,
            participant=participant,
            recipient="St. Mary's",
            information=["contact"],
            nature="   ",
        )
    assert str(refusal.value) == str(NATURE_REQUIRED)
    assert not Disclosure.objects.exists()


def test_changing_a_role_is_audited_and_keeps_their_sign_in(as_user, admin, org):
    from peerwell.orgs.actions import new_recovery_codes

    peer = testing.make_user(org, "peer")
    new_recovery_codes(peer)
    url = reverse("staff_edit", args=[peer.pk])
    as_user(admin).post(url, {"role": "supervisor", "is_active": "on"})
    assert only(action="update", model="orgs.user") == {
        "action": "update",
        "actor": admin,
        "organization": org,
        "model": "orgs.user",
        "object_id": str(peer.pk),
        "participant": None,
        "fields": ["role"],
        "detail": {},
        "ip_address": "127.0.0.1",
        "path": url,
    }
    # No reset was asked for: their authenticator and recovery codes stay.
    assert Authenticator.objects.filter(user=peer).exists()
    assert RecoveryCode.objects.filter(device__user=peer).count() == 10


def test_resetting_a_second_factor_removes_the_recovery_codes_too(as_user, admin, org):
    from peerwell.orgs.actions import new_recovery_codes

    peer = testing.make_user(org, "peer")
    colleague = testing.make_user(org, "peer")
    new_recovery_codes(peer)
    new_recovery_codes(colleague)
    as_user(admin).post(
        reverse("staff_edit", args=[peer.pk]),
        {"role": "peer", "is_active": "on", "reset_second_factor": "on"},
    )
    assert not RecoveryCode.objects.filter(device__user=peer).exists()
    assert RecoveryCode.objects.filter(device__user=colleague).count() == 10


def test_deactivating_deletes_their_stored_sessions(as_user, admin, org):
    from django.contrib.sessions.models import Session

    from peerwell.orgs.models import StaffSession

    peer = testing.make_user(org, "peer")
    peer_client = Client()
    peer_client.post(reverse("login"), {"username": peer.email, "password": testing.PASSWORD})
    key = peer_client.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    as_user(admin).post(reverse("staff_edit", args=[peer.pk]), {"role": "peer", "is_active": ""})
    assert not Session.objects.filter(session_key=key).exists()
    assert not StaffSession.objects.filter(user=peer).exists()
    assert only(action="update", model="orgs.user")["fields"] == ["is_active"]


def test_a_failed_sign_in(client, peer, org):
    client.post(reverse("login"), {"username": peer.email.upper(), "password": "not the password"})
    assert only(action="sign_in_failed") == {
        "action": "sign_in_failed",
        "actor": peer,
        "organization": org,
        "model": "",
        "object_id": "",
        "participant": None,
        "fields": [],
        "detail": {"email": peer.email},
        "ip_address": "127.0.0.1",
        "path": reverse("login"),
    }


def test_appended_rows_say_which_kind_cannot_change(peer, participant):
    from peerwell.core.appendonly import AppendOnly

    entry = AuditEntry.objects.create(action="view", actor=peer)
    with pytest.raises(AppendOnly, match="^audit.AuditEntry rows cannot be deleted.$"):
        entry.delete()
    with pytest.raises(AppendOnly, match="^audit.AuditEntry rows cannot be changed.$"):
        AuditEntry.objects.filter(pk=entry.pk).update(action="list")
    with pytest.raises(AppendOnly, match="^audit.AuditEntry rows cannot be deleted.$"):
        AuditEntry.objects.all().delete()


def test_changing_staff_without_asking_for_a_reset_keeps_the_second_factor(admin, org):
    from peerwell.orgs.actions import change_staff

    peer = testing.make_user(org, "peer")
    request = RequestFactory().post("/")
    request.user = admin
    change_staff(request=request, staff=peer, role="supervisor", is_active=True)
    assert Authenticator.objects.filter(user=peer).exists()
