"""Guarantees about accounts that a mistake could break silently: what an invitation
creates and audits, which passwords it refuses, that one person's recovery code is not
another's, and that resetting someone's second factor signs them out."""

import base64

import pytest
from django.core.exceptions import ValidationError
from django.test import Client, RequestFactory
from django.urls import reverse

from peerwell import testing
from peerwell.audit.models import AuditEntry
from peerwell.orgs.actions import accept_invitation, invite_staff, new_recovery_codes
from peerwell.orgs.forms import CODE_NOT_ACCEPTED, PASSWORDS_DIFFER
from peerwell.orgs.models import Invitation, RecoveryCode, User, hash_token
from peerwell.orgs.views_auth import INVITATION_SET_UP

pytestmark = pytest.mark.django_db

EMAIL = "dana.morales@example.org"
GOOD_PASSWORD = "river stones and morning light"


def new_invitation(admin, email=EMAIL, role="peer"):
    request = RequestFactory().post("/staff/invite/")
    request.user = admin
    return invite_staff(request=request, email=email, role=role)


SET_UP = reverse("invitation_accept", args=[INVITATION_SET_UP])
WAIT = "Wrong codes slow down the next try."


def accept(client, invitation, password1, password2=None, full_name="Dana Morales"):
    """Opens the link (its token moves into the session), then sends the set-up form."""
    assert client.get(reverse("invitation_accept", args=[invitation.token]))["Location"] == SET_UP
    return client.post(
        SET_UP,
        {"full_name": full_name, "password1": password1, "password2": password2 or password1},
    )


def errors_of(response, field):
    return [str(e) for e in response.context["form"].errors.get(field, [])]


def test_accepting_creates_the_account_links_it_and_audits_it(client, admin):
    invitation = new_invitation(admin, role="supervisor")
    response = accept(client, invitation, GOOD_PASSWORD)
    assert response.status_code == 302
    user = User.objects.get(email=EMAIL)
    assert (user.full_name, user.role, user.organization) == (
        "Dana Morales",
        "supervisor",
        admin.organization,
    )
    assert Invitation.objects.get().accepted_user == user
    entry = AuditEntry.objects.get(action="create", model="orgs.user")
    assert (entry.actor, entry.object_id, entry.fields) == (user, str(user.pk), ["email", "role"])
    assert entry.path == SET_UP  # the token itself never reaches the trail
    # The password chosen is the one that signs in.
    other = Client()
    signed_in = other.post(reverse("login"), {"username": EMAIL, "password": GOOD_PASSWORD})
    assert signed_in.status_code == 302


def test_accepting_one_invitation_leaves_the_others_usable(client, admin):
    first = new_invitation(admin)
    second = new_invitation(admin, email="sam.okafor@example.org")
    assert accept(client, first, GOOD_PASSWORD).status_code == 302
    client.logout()
    response = accept(client, second, GOOD_PASSWORD, full_name="Sam Okafor")
    assert response.status_code == 302
    assert User.objects.filter(email="sam.okafor@example.org").exists()


@pytest.mark.parametrize(
    "password, similar_to",
    [("dana.morales@example", "email"), ("Dana Morales 2026", "full name")],
)
def test_a_password_like_the_persons_email_or_name_is_refused(client, admin, password, similar_to):
    invitation = new_invitation(admin)
    response = accept(client, invitation, password)
    assert response.status_code == 200
    assert errors_of(response, "password1") == [f"The password is too similar to the {similar_to}."]
    assert not User.objects.filter(email=EMAIL).exists()


def test_the_invitation_action_checks_the_password_itself(admin):
    invitation = new_invitation(admin)
    request = RequestFactory().post("/")
    request.user = admin
    with pytest.raises(ValidationError):
        accept_invitation(
            request=request,
            token_hash=hash_token(invitation.token),
            full_name="Dana Morales",
            password="Dana Morales 2026",
        )
    assert not User.objects.filter(email=EMAIL).exists()


def test_two_different_passwords_are_refused_under_the_second(client, admin):
    response = accept(client, new_invitation(admin), GOOD_PASSWORD, GOOD_PASSWORD + "s")
    assert errors_of(response, "password2") == [str(PASSWORDS_DIFFER)]
    assert errors_of(response, "password1") == []


def sign_in_with_code(client, user, code):
    client.post(reverse("login"), {"username": user.email, "password": testing.PASSWORD})
    return client.post(reverse("mfa_verify"), {"code": code})


def test_a_recovery_code_signs_in_only_its_own_account(client, org):
    owner = testing.make_user(org, "peer")
    colleague = testing.make_user(org, "peer")
    code = new_recovery_codes(owner)[0]
    new_recovery_codes(colleague)
    response = sign_in_with_code(client, colleague, code)
    assert response.status_code == 200 and str(CODE_NOT_ACCEPTED) in response.content.decode()
    assert RecoveryCode.objects.count() == 20  # the owner's code is still unused


def test_after_a_wrong_recovery_code_the_next_try_must_wait(client, org):
    peer = testing.make_user(org, "peer", totp_device=False)
    codes = new_recovery_codes(peer)
    wrong = sign_in_with_code(client, peer, "aaaa bbbb cccc dddd")
    assert wrong.status_code == 200
    # Throttled for a moment: even a right code is refused, and stays unused.
    again = client.post(reverse("mfa_verify"), {"code": codes[0]})
    assert again.status_code == 200 and WAIT in again.content.decode()
    assert RecoveryCode.objects.count() == 10


def test_recovery_code_throttling_follows_its_setting(client, org, settings):
    settings.OTP_STATIC_THROTTLE_FACTOR = 0  # an operator may turn the wait off
    peer = testing.make_user(org, "peer", totp_device=False)
    codes = new_recovery_codes(peer)
    sign_in_with_code(client, peer, "aaaa bbbb cccc dddd")
    assert client.post(reverse("mfa_verify"), {"code": codes[0]}).status_code == 302


def test_resetting_the_second_factor_signs_the_person_out(as_user, admin, org):
    peer = testing.make_user(org, "peer")
    peer_client = Client()
    assert sign_in_with_code(peer_client, peer, testing.current_code(peer)).status_code == 302
    as_user(admin).post(
        reverse("staff_edit", args=[peer.pk]),
        {"role": "peer", "is_active": "on", "reset_second_factor": "on"},
    )
    # Signed out, not merely asked for a new authenticator in the same session.
    assert peer_client.get(reverse("caseload"))["Location"].startswith(reverse("login"))
    entry = AuditEntry.objects.get(action="update", model="orgs.user")
    assert entry.fields == ["second_factor"] and entry.actor == admin


def test_recovery_codes_are_shown_in_four_groups_of_four(org):
    import re

    codes = new_recovery_codes(testing.make_user(org, "peer"))
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(re.fullmatch(r"[a-z2-7]{4}( [a-z2-7]{4}){3}", code) for code in codes)


def test_new_recovery_codes_show_once_and_a_reload_makes_no_new_set(client, org):
    from peerwell.core.fields import decrypt
    from peerwell.orgs.views_auth import NEW_CODES_SESSION_KEY

    peer = testing.make_user(org, "peer")
    testing.sign_in(client, peer)
    made = client.post(reverse("recovery_codes"))
    assert made.status_code == 302 and made["Location"] == reverse("recovery_codes")
    # Waiting in the session, the codes are encrypted.
    waiting = client.session[NEW_CODES_SESSION_KEY]["codes"]
    codes = decrypt(waiting).split("\n")
    assert codes[0] not in waiting
    shown = client.get(made["Location"]).content.decode()
    assert all(code in shown for code in codes)
    hashes = set(RecoveryCode.objects.values_list("pk", flat=True))
    again = client.get(made["Location"]).content.decode()  # the reload
    assert codes[0] not in again and "You have 10 unused recovery codes." in again
    assert set(RecoveryCode.objects.values_list("pk", flat=True)) == hashes


def test_the_authenticator_app_reads_the_right_account_and_settings(org, settings):
    from peerwell.orgs.models import Authenticator

    user = testing.make_user(org, "peer", email="dana@example.org", totp_device=False)
    device = Authenticator(user=user, key="3132333435363738393031323334353637383930")
    secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  # the hex key above, in base 32
    settings.OTP_TOTP_ISSUER = "Peerwell: Riverside"  # a colon would split the label
    assert device.config_url == (
        "otpauth://totp/Peerwell%20Riverside%3Adana%40example.org"
        f"?secret={secret}&algorithm=SHA1&digits=6&period=30&issuer=Peerwell%20Riverside"
    )
    without_issuer = (
        f"otpauth://totp/dana%40example.org?secret={secret}&algorithm=SHA1&digits=6&period=30"
    )
    settings.OTP_TOTP_ISSUER = ""
    assert device.config_url == without_issuer
    del settings.OTP_TOTP_ISSUER
    assert device.config_url == without_issuer


def test_after_a_wrong_authenticator_code_the_next_try_must_wait(client, org, settings):
    peer = testing.make_user(org, "peer")
    wrong = sign_in_with_code(
        client, peer, "000000" if testing.current_code(peer) != "000000" else "111111"
    )
    assert wrong.status_code == 200
    again = client.post(reverse("mfa_verify"), {"code": testing.current_code(peer)})
    assert again.status_code == 200 and WAIT in again.content.decode()


def test_each_signed_in_browser_is_remembered_by_its_current_session(org):
    from peerwell.orgs.models import StaffSession

    peer = testing.make_user(org, "peer")
    client = Client()
    assert sign_in_with_code(client, peer, testing.current_code(peer)).status_code == 302
    # The second factor gives a new session id; only that one is kept for sign-out.
    assert list(StaffSession.objects.values_list("session_key", flat=True)) == [
        client.session.session_key
    ]


def test_an_invitation_email_names_the_organization_role_days_and_link(
    as_user, admin, org, django_capture_on_commit_callbacks, settings
):
    from datetime import timedelta

    from django.core import mail
    from django.utils import timezone

    settings.INVITATION_DAYS = 5
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(admin).post(
            reverse("staff_invite"), {"email": "Sam.Okafor@Example.org", "role": "supervisor"}
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.invited_by) == (
        "sam.okafor@example.org",
        "supervisor",
        admin,
    )
    expected_end = timezone.now() + timedelta(days=5)
    assert abs((invitation.expires_at - expected_end).total_seconds()) < 60
    (email,) = mail.outbox
    assert email.to == ["sam.okafor@example.org"]
    assert email.subject == f"You are invited to {org.name} on Peerwell"
    assert f"{org.name} invites you to Peerwell as: Supervisor." in email.body
    assert "It works once, for 5 days:" in email.body
    link = next(line for line in email.body.splitlines() if "/invitations/" in line)
    assert link.startswith("http://testserver/")
    entry = AuditEntry.objects.get(action="create", model="orgs.invitation")
    assert (entry.actor, entry.fields, entry.object_id) == (
        admin,
        ["email", "role"],
        str(invitation.pk),
    )
    # The link opens the invitation; only the token's digest was stored.
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert token not in invitation.token_hash
    opened = Client()
    assert opened.get(link.split("testserver", 1)[1])["Location"] == SET_UP
    assert opened.get(SET_UP).status_code == 200


def test_setting_up_the_authenticator(client, org, clock):
    from peerwell.orgs.models import Authenticator, StaffSession

    newcomer = testing.make_user(org, "peer", totp_device=False)
    client.post(reverse("login"), {"username": newcomer.email, "password": testing.PASSWORD})
    first = client.get(reverse("mfa_setup")).content.decode()
    device = Authenticator.objects.get(user=newcomer)
    secret = base64.b32encode(device.bin_key).decode()
    grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    assert grouped in first and "<svg" in first
    # Reloading the page keeps the same secret: an app that already scanned it still works.
    assert grouped in client.get(reverse("mfa_setup")).content.decode()
    assert Authenticator.objects.filter(user=newcomer).count() == 1
    wrong = client.post(reverse("mfa_setup"), {"code": "000000"})
    assert str(CODE_NOT_ACCEPTED) in wrong.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    from django_otp.oath import totp

    clock.shift(1)  # the wait after one wrong code
    code = f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"
    done = client.post(reverse("mfa_setup"), {"code": code})
    assert done["Location"] == reverse("recovery_codes")
    device.refresh_from_db()
    assert device.confirmed
    assert RecoveryCode.objects.filter(device__user=newcomer).count() == 10
    assert list(StaffSession.objects.values_list("session_key", flat=True)) == [
        client.session.session_key
    ]
    # Set up once: the page now leads to the account page.
    assert client.get(reverse("mfa_setup"))["Location"] == reverse("account")


def test_the_staff_list_shows_active_staff_first_then_pending_invitations(
    as_user, admin, org, other_org
):
    for name, active in (("Zoe Active", True), ("Abe Gone", False), ("Bea Active", True)):
        testing.make_user(org, "peer", full_name=name, is_active=active)
    testing.make_user(other_org, "peer", full_name="Elsewhere Person")
    pending = new_invitation(admin, email="pending@example.org")
    accepted = new_invitation(admin, email="accepted@example.org")
    accept(Client(), accepted, GOOD_PASSWORD, full_name="Cy Accepted")
    page = as_user(admin).get(reverse("staff_list"))
    names = [s.full_name for s in page.context["staff"]]
    assert names == sorted(names[:-1]) + ["Abe Gone"]
    assert "Elsewhere Person" not in names and {"Zoe Active", "Cy Accepted"} <= set(names)
    assert [i.email for i in page.context["invitations"]] == [pending.email]
    body = page.content.decode()
    assert "Zoe Active" in body and "pending@example.org" in body


def test_a_code_from_the_next_half_minute_works_right_after_the_last(client, org):
    peer = testing.make_user(org, "peer")
    assert sign_in_with_code(client, peer, testing.current_code(peer)).status_code == 302
    client.post(reverse("logout"))
    assert sign_in_with_code(client, peer, testing.next_code(peer)).status_code == 302


def test_a_code_typed_with_a_space_as_the_app_shows_it_works(client, org):
    peer = testing.make_user(org, "peer")
    code = testing.current_code(peer)
    assert sign_in_with_code(client, peer, f"{code[:3]} {code[3:]}").status_code == 302


def test_stay_signed_in_answers_ok(as_user, peer):
    response = as_user(peer).post(reverse("keepalive"))
    assert response.json() == {"ok": True, "seconds_left": 15 * 60}


def test_only_an_admin_sees_how_to_invite_and_edit_staff(as_user, admin, supervisor):
    invite = reverse("staff_invite")
    edit = reverse("staff_edit", args=[supervisor.pk])
    as_admin = as_user(admin).get(reverse("staff_list")).content.decode()
    assert invite in as_admin and edit in as_admin
    as_supervisor = as_user(supervisor).get(reverse("staff_list")).content.decode()
    assert invite not in as_supervisor and edit not in as_supervisor


def test_an_admin_saves_the_organizations_settings(as_user, admin, org):
    url = reverse("organization_settings")
    client = as_user(admin)
    assert client.get(url).context["form"].instance == org
    response = client.post(
        url,
        {"name": org.name, "idle_timeout_minutes": 10, "inactive_after_days": 60},
        follow=True,
    )
    assert response.redirect_chain == [(url, 302)]
    assert "Settings saved." in response.content.decode()
    org.refresh_from_db()
    assert (org.idle_timeout_minutes, org.inactive_after_days) == (10, 60)
    entry = AuditEntry.objects.get(action="update", model="orgs.organization")
    assert (entry.actor, entry.object_id, entry.path) == (admin, str(org.pk), url)
    assert entry.fields == ["idle_timeout_minutes", "inactive_after_days"]


def test_the_staff_edit_form_starts_from_their_current_role_and_status(as_user, admin, org):
    colleague = testing.make_user(org, "supervisor", full_name="Lee Park")
    client = as_user(admin)
    url = reverse("staff_edit", args=[colleague.pk])
    page = client.get(url)
    assert page.context["form"].initial == {"role": "supervisor", "is_active": True}
    assert page.context["staff"] == colleague
    saved = client.post(url, {"role": "peer", "is_active": "on"}, follow=True)
    assert "Saved changes for Lee Park." in saved.content.decode()
    own = client.post(reverse("staff_edit", args=[admin.pk]), {"role": "admin"})
    assert own.context["form"].errors == {"is_active": ["You cannot deactivate your own account."]}


def test_inviting_is_confirmed(as_user, admin):
    client = as_user(admin)
    assert "email" in client.get(reverse("staff_invite")).context["form"].fields
    sent = client.post(
        reverse("staff_invite"), {"email": "new@example.org", "role": "peer"}, follow=True
    )
    assert "Invitation sent to new@example.org." in sent.content.decode()
