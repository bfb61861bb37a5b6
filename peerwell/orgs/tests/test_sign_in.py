"""Sign-in as a user does it: password, then the second factor."""

import base64
import time

import pytest
from django.core import mail
from django.urls import reverse

from peerwell import testing
from peerwell.audit.models import AuditEntry
from peerwell.orgs.forms import CODE_NOT_ACCEPTED, SIGN_IN_FAILED
from peerwell.orgs.models import RecoveryCode

pytestmark = pytest.mark.django_db


def password_step(client, email, password=testing.PASSWORD, ip="127.0.0.1"):
    return client.post(reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=ip)


def test_password_then_code_signs_in_with_a_new_session_each_step(client, peer):
    anonymous_key = client.session.session_key  # a session that exists before sign-in
    assert anonymous_key
    response = password_step(client, peer.email)
    assert response.status_code == 302
    after_password = client.session.session_key
    assert after_password != anonymous_key
    # Until the code is given, pages send the user to the code step.
    blocked = client.get(reverse("participant_list"))
    assert blocked.status_code == 302 and blocked["Location"].startswith(reverse("mfa_verify"))
    response = client.post(reverse("mfa_verify"), {"code": testing.current_code(peer)})
    assert response.status_code == 302
    assert client.session.session_key != after_password
    assert client.get(reverse("participant_list")).status_code == 200
    assert AuditEntry.objects.filter(action="sign_in", actor=peer).exists()


def test_wrong_password_and_unknown_account_get_the_same_answer(client, peer):
    wrong = password_step(client, peer.email, "not the password at all")
    unknown = password_step(client, "nobody@example.org", "not the password at all")
    assert wrong.status_code == unknown.status_code == 200
    assert str(SIGN_IN_FAILED) in wrong.content.decode()
    assert str(SIGN_IN_FAILED) in unknown.content.decode()
    assert AuditEntry.objects.filter(action="sign_in_failed").count() == 2
    assert (
        AuditEntry.objects.get(action="sign_in_failed", actor=peer).organization
        == peer.organization
    )


def test_deactivated_account_gets_the_same_answer(client, org):
    gone = testing.make_user(org, "peer", is_active=False)
    response = password_step(client, gone.email)
    assert str(SIGN_IN_FAILED) in response.content.decode()


def test_lockout_is_keyed_on_account_and_address_together(client, peer, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        password_step(client, peer.email, "wrong password here", ip="203.0.113.9")
    locked = password_step(client, peer.email, ip="203.0.113.9")
    assert locked.status_code == 429
    assert "Too many sign-in attempts" in locked.content.decode()
    # The colleague at their own desk can still sign in.
    at_desk = password_step(client, peer.email, ip="198.51.100.20")
    assert at_desk.status_code == 302


def test_a_code_works_only_once(client, peer):
    code = testing.current_code(peer)
    password_step(client, peer.email)
    assert client.post(reverse("mfa_verify"), {"code": code}).status_code == 302
    client.post(reverse("logout"))
    password_step(client, peer.email)
    replay = client.post(reverse("mfa_verify"), {"code": code})
    assert replay.status_code == 200
    assert str(CODE_NOT_ACCEPTED) in replay.content.decode()
    assert AuditEntry.objects.filter(action="mfa_failed", actor=peer).exists()


def test_recovery_code_signs_in_once(client, peer):
    from peerwell.orgs.actions import new_recovery_codes

    codes = new_recovery_codes(peer)
    code = codes[0]
    # Only digests are stored, never the codes themselves.
    stored = set(RecoveryCode.objects.values_list("digest", flat=True))
    assert len(stored) == 10 and not {c.replace(" ", "") for c in codes} & stored
    password_step(client, peer.email)
    # Typed as people do: in capitals, with dashes between the groups.
    typed = code.upper().replace(" ", "-")
    assert client.post(reverse("mfa_verify"), {"code": typed}).status_code == 302
    assert RecoveryCode.objects.count() == 9
    client.post(reverse("logout"))
    password_step(client, peer.email)
    assert client.post(reverse("mfa_verify"), {"code": code}).status_code == 200


def test_new_staff_sets_up_an_authenticator_before_anything_else(clock, client, org):
    newcomer = testing.make_user(org, "peer", totp_device=False)
    password_step(client, newcomer.email)
    response = client.get(reverse("participant_list"))
    assert response["Location"].startswith(reverse("mfa_setup"))
    page = client.get(reverse("mfa_setup"))
    assert "<svg" in page.content.decode()
    from django_otp.oath import totp

    from peerwell.orgs.models import Authenticator

    device = Authenticator.objects.get(user=newcomer)
    bad = client.post(reverse("mfa_setup"), {"code": testing.wrong_code(newcomer, confirmed=False)})
    assert str(CODE_NOT_ACCEPTED) in bad.content.decode()
    clock.shift(1)  # a wrong code makes the next try wait a second
    done = client.post(reverse("mfa_setup"), {"code": f"{totp(device.bin_key):06d}"}, follow=True)
    assert "Recovery codes" in done.content.decode()
    assert RecoveryCode.objects.filter(device__user=newcomer).count() == 10
    assert client.get(reverse("participant_list")).status_code == 200


def test_authenticator_secret_is_encrypted_at_rest(client, org):
    from django.db import connection

    from peerwell.orgs.models import Authenticator

    newcomer = testing.make_user(org, "peer", totp_device=False)
    password_step(client, newcomer.email)
    page = client.get(reverse("mfa_setup")).content.decode()
    device = Authenticator.objects.get(user=newcomer)
    secret = base64.b32encode(device.bin_key).decode()
    # The page shows the secret, grouped by four, for typing into the app...
    assert secret[:4] + " " + secret[4:8] in page
    # ...and the database holds neither it nor its hex form.
    with connection.cursor() as cursor:
        cursor.execute("SELECT key FROM orgs_authenticator WHERE id = %s", [device.pk])
        stored = cursor.fetchone()[0]
    assert device.key not in stored and secret not in stored


def test_password_reset_does_not_reveal_accounts_or_skip_the_code(client, peer):
    known = client.post(reverse("password_reset"), {"email": peer.email})
    unknown = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/reset/" in line)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    new_password = "a brand new long passphrase"
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert done.status_code == 302
    # Not signed in by the reset: the password step, then the code step again.
    assert client.get(reverse("participant_list")).status_code == 302
    password_step(client, peer.email, new_password)
    assert client.get(reverse("participant_list"))["Location"].startswith(reverse("mfa_verify"))


def test_short_or_common_password_is_refused_with_input_kept(as_user, peer):
    response = as_user(peer).post(
        reverse("password_change"),
        {
            "old_password": testing.PASSWORD,
            "new_password1": "password123",
            "new_password2": "password123",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "at least 12 characters" in body and "too common" in body


def test_inactivity_signs_out_after_the_organizations_limit(client, org, peer):
    org.idle_timeout_minutes = 5
    org.save()
    testing.sign_in(client, peer)
    session = client.session
    session["peerwell_last_seen"] = time.time() - 4 * 60
    session.save()
    assert client.get(reverse("caseload")).status_code == 200
    session = client.session
    session["peerwell_last_seen"] = time.time() - 6 * 60
    session.save()
    response = client.get(reverse("caseload"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login") + "?timeout=1&next=%2Fparticipants%2Fmine%2F"
    assert "signed out after a period" in client.get(response["Location"]).content.decode()
    assert AuditEntry.objects.filter(action="sign_out", actor=peer).count() == 1
    assert AuditEntry.objects.get(action="sign_out", actor=peer).detail == {"why": "timeout"}
    assert client.get(reverse("caseload")).status_code == 302


def test_absolute_session_lifetime(client, peer, settings):
    testing.sign_in(client, peer)
    session = client.session
    session["peerwell_login_at"] = time.time() - settings.SESSION_ABSOLUTE_SECONDS - 1
    session.save()
    assert client.get(reverse("caseload"))["Location"].startswith(reverse("login"))


def test_activity_does_not_extend_the_absolute_lifetime(clock, client, peer, settings):
    testing.sign_in(client, peer)
    # Busy all day: "Stay signed in" every ten minutes, up to the lifetime exactly.
    for _ in range(settings.SESSION_ABSOLUTE_SECONDS // 600):
        clock.shift(600)
        assert client.post(reverse("keepalive")).status_code == 200
    clock.shift(1)
    response = client.get(reverse("caseload"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?timeout=1")


def test_keepalive_resets_the_idle_clock(client, peer):
    testing.sign_in(client, peer)
    session = client.session
    session["peerwell_last_seen"] = time.time() - 14 * 60
    session.save()
    assert client.post(reverse("keepalive")).status_code == 200
    assert client.session["peerwell_last_seen"] > time.time() - 5
