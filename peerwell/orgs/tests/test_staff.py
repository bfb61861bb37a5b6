"""Organization admins invite, change and deactivate staff."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from peerwell import testing
from peerwell.orgs.models import Invitation, User

pytestmark = pytest.mark.django_db

SET_UP = "/invitations/set-up/"  # where an invitation link leads after its first request


def test_invited_person_sets_up_account_once(client, invite, as_user, admin, org):
    response, link = invite(as_user(admin))
    assert response.status_code == 302
    client.logout()
    page = client.get(link, follow=True)
    assert page.status_code == 200 and "Set up your account" in page.content.decode()
    password = "river stones and morning light"
    response = client.post(
        SET_UP, {"full_name": "Dana Peer", "password1": password, "password2": password}
    )
    assert response.status_code == 302
    user = User.objects.get(email="newpeer@example.org")
    assert user.organization == org and user.role == "peer"
    # Single use: the same link now gets the plain "does not work" page.
    again = client.get(link)
    assert again.status_code == 404
    assert "This invitation link does not work" in again.content.decode()


def test_expired_and_forged_links_get_a_clear_404(client, invite, as_user, admin):
    response, link = invite(as_user(admin))
    assert response.status_code == 302
    client.logout()
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    assert client.get(link).status_code == 404
    forged = client.get(reverse("invitation_accept", args=["not-a-real-token"]))
    assert forged.status_code == 404
    assert "This invitation link does not work" in forged.content.decode()


def test_weak_password_on_invitation_keeps_the_name(client, invite, as_user, admin):
    response, link = invite(as_user(admin))
    assert response.status_code == 302
    client.logout()
    client.get(link)
    response = client.post(
        SET_UP, {"full_name": "Dana Peer", "password1": "short", "password2": "short"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'value="Dana Peer"' in body and "at least 12 characters" in body
    assert not User.objects.filter(email="newpeer@example.org").exists()


def test_deactivating_staff_ends_their_session_at_once(client, as_user, admin, org):
    from django.test import Client

    peer = testing.make_user(org, "peer")
    peer_client = Client()
    testing.sign_in(peer_client, peer)
    assert peer_client.get(reverse("caseload")).status_code == 200
    response = as_user(admin).post(
        reverse("staff_edit", args=[peer.pk]), {"role": "peer", "is_active": ""}
    )
    assert response.status_code == 302
    peer.refresh_from_db()
    assert not peer.is_active
    assert peer_client.get(reverse("caseload"))["Location"].startswith(reverse("login"))


def test_admin_changes_a_role(as_user, admin, org):
    peer = testing.make_user(org, "peer")
    as_user(admin).post(
        reverse("staff_edit", args=[peer.pk]), {"role": "supervisor", "is_active": "on"}
    )
    peer.refresh_from_db()
    assert peer.role == "supervisor"


def test_admin_cannot_deactivate_themselves(as_user, admin):
    response = as_user(admin).post(reverse("staff_edit", args=[admin.pk]), {"role": "admin"})
    assert response.status_code == 200
    assert "cannot deactivate your own account" in response.content.decode()


def test_idle_timeout_setting_rejects_out_of_range_with_message(as_user, admin, org):
    response = as_user(admin).post(
        reverse("organization_settings"), {"name": org.name, "idle_timeout_minutes": 600}
    )
    assert response.status_code == 200
    assert "60 minutes or fewer" in response.content.decode()


def test_admin_resets_a_lost_authenticator(client, as_user, admin, org):
    from peerwell.orgs.models import Authenticator

    peer = testing.make_user(org, "peer")
    as_user(admin).post(
        reverse("staff_edit", args=[peer.pk]),
        {"role": "peer", "is_active": "on", "reset_second_factor": "on"},
    )
    assert not Authenticator.objects.filter(user=peer).exists()
    client.logout()
    client.post(reverse("login"), {"username": peer.email, "password": testing.PASSWORD})
    assert client.get(reverse("caseload"))["Location"].startswith(reverse("mfa_setup"))


def test_inviting_an_email_that_has_an_account_is_refused_on_the_form(
    as_user, admin, org, other_org
):
    someone = testing.make_user(other_org, "peer", email="dana@example.org")
    response = as_user(admin).post(
        reverse("staff_invite"), {"email": "Dana@Example.org", "role": "peer"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "already has a Peerwell account" in body and 'value="Dana@Example.org"' in body
    assert not Invitation.objects.exists()
    someone.refresh_from_db()
    assert someone.organization == other_org


def test_inviting_an_email_with_an_invitation_waiting_is_refused_until_it_expires(
    invite, as_user, admin
):
    client = as_user(admin)
    invite(client, email="dana@example.org")
    response = client.post(reverse("staff_invite"), {"email": "dana@example.org", "role": "peer"})
    assert response.status_code == 200
    assert "has an invitation waiting" in response.content.decode()
    assert Invitation.objects.count() == 1
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    response, _ = invite(client, email="dana@example.org")
    assert response.status_code == 302 and Invitation.objects.count() == 2


def test_accepting_after_the_email_got_an_account_shows_a_plain_message(
    client, invite, as_user, admin, other_org
):
    _, link = invite(as_user(admin))
    client.logout()
    assert client.get(link).status_code == 302
    testing.make_user(other_org, "peer", email="newpeer@example.org")  # meanwhile
    password = "river stones and morning light"
    response = client.post(
        SET_UP, {"full_name": "Dana Peer", "password1": password, "password2": password}
    )
    assert response.status_code == 409
    assert "already has a Peerwell account" in response.content.decode()
    assert User.objects.filter(email="newpeer@example.org").count() == 1
    page = client.get(SET_UP)
    assert page.status_code == 409 and "already has a Peerwell account" in page.content.decode()


def test_accepting_cannot_make_a_second_account_for_an_email(admin, org):
    from django.test import RequestFactory

    from peerwell.orgs import actions
    from peerwell.orgs.models import hash_token

    request = RequestFactory().post("/staff/invite/")
    request.user = admin
    invitation = actions.invite_staff(request=request, email="dana@example.org", role="peer")
    testing.make_user(org, "volunteer", email="Dana@example.org")
    with pytest.raises(actions.EmailTaken):
        actions.accept_invitation(
            request=RequestFactory().post("/invitations/set-up/"),
            token_hash=hash_token(invitation.token),
            full_name="Dana Peer",
            password="river stones and morning light",
        )
    assert not Invitation.objects.get(pk=invitation.pk).accepted_at  # still unused
