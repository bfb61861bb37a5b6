"""After a wrong code, the next one waits: 1 second, then 2, 4, ... per device, as in
production. Someone holding a stolen password cannot try the million codes."""

import pytest
from django.urls import reverse
from django_otp.oath import totp

from peerwell import testing
from peerwell.audit.models import AuditEntry
from peerwell.orgs.actions import new_recovery_codes
from peerwell.orgs.forms import CODE_NOT_ACCEPTED, wait_before_next_code
from peerwell.orgs.models import Authenticator, RecoveryCode

from .test_sign_in import password_step

pytestmark = pytest.mark.django_db

# Not a code the generator makes: 16 characters, but with letters outside base32.
WRONG_RECOVERY_CODE = "wxyz wxyz wxyz wxyz"


@pytest.fixture(autouse=True)
def production_throttling(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 1
    settings.OTP_STATIC_THROTTLE_FACTOR = 1


def enter(client, code):
    return client.post(reverse("mfa_verify"), {"code": code})


def test_after_wrong_app_codes_the_right_one_waits_out_the_delay(clock, client, peer):
    password_step(client, peer.email)
    assert str(CODE_NOT_ACCEPTED) in enter(client, testing.wrong_code(peer)).content.decode()
    clock.shift(1)
    enter(client, testing.wrong_code(peer))
    # Two wrong codes in a row: the next waits 2 seconds, even when it is right.
    too_soon = enter(client, testing.current_code(peer))
    assert too_soon.status_code == 200
    assert str(wait_before_next_code(2)) in too_soon.content.decode()
    clock.shift(1)
    assert (
        str(wait_before_next_code(1)) in enter(client, testing.current_code(peer)).content.decode()
    )
    clock.shift(1)
    assert enter(client, testing.current_code(peer)).status_code == 302
    assert client.get(reverse("caseload")).status_code == 200


def test_after_a_wrong_recovery_code_the_right_one_waits_out_the_delay(clock, client, peer):
    codes = new_recovery_codes(peer)
    password_step(client, peer.email)
    assert str(CODE_NOT_ACCEPTED) in enter(client, WRONG_RECOVERY_CODE).content.decode()
    too_soon = enter(client, codes[0])
    assert str(wait_before_next_code(1)) in too_soon.content.decode()
    # Refused unread: the code is still there to use.
    assert RecoveryCode.objects.filter(device__user=peer).count() == 10
    clock.shift(1)
    assert enter(client, codes[0]).status_code == 302
    assert RecoveryCode.objects.filter(device__user=peer).count() == 9


def test_wrong_and_too_early_codes_are_in_the_audit_trail(clock, client, peer):
    password_step(client, peer.email)
    enter(client, testing.wrong_code(peer))
    enter(client, testing.current_code(peer))
    failures = AuditEntry.objects.filter(action="mfa_failed", actor=peer).order_by("id")
    assert [entry.detail for entry in failures] == [{}, {"why": "too_soon"}]
    assert all(entry.organization == peer.organization for entry in failures)


def test_a_mistyped_app_code_does_not_hold_up_a_recovery_code(clock, client, peer):
    codes = new_recovery_codes(peer)
    password_step(client, peer.email)
    enter(client, testing.wrong_code(peer))
    # Phone lost after all: the recovery code is checked at once.
    assert enter(client, codes[0]).status_code == 302


def test_signing_in_with_a_recovery_code_does_not_hold_up_the_app(clock, client, peer):
    codes = new_recovery_codes(peer)
    password_step(client, peer.email)
    assert enter(client, codes[0]).status_code == 302
    client.post(reverse("logout"))
    # The phone is found again.
    password_step(client, peer.email)
    assert enter(client, testing.current_code(peer)).status_code == 302


def test_setting_up_the_app_waits_out_the_delay_after_a_wrong_code(clock, client, org):
    newcomer = testing.make_user(org, "peer", totp_device=False)
    password_step(client, newcomer.email)
    client.get(reverse("mfa_setup"))
    device = Authenticator.objects.get(user=newcomer)
    right = f"{totp(device.bin_key):06d}"
    wrong = testing.wrong_code(newcomer, confirmed=False)
    assert (
        str(CODE_NOT_ACCEPTED)
        in client.post(reverse("mfa_setup"), {"code": wrong}).content.decode()
    )
    too_soon = client.post(reverse("mfa_setup"), {"code": right})
    assert str(wait_before_next_code(1)) in too_soon.content.decode()
    clock.shift(1)
    assert (
        "Recovery codes"
        in client.post(reverse("mfa_setup"), {"code": right}, follow=True).content.decode()
    )
