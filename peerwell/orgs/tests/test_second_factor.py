"""The second factor holds after the password: no new authenticator behind it, no other
user's recovery code, no off-site redirect, and no role that skips it."""

import pytest
from django.urls import reverse
from django.utils.http import urlencode
from django_otp.oath import totp

from peerwell import testing
from peerwell.orgs.actions import new_recovery_codes
from peerwell.orgs.forms import CODE_NOT_ACCEPTED
from peerwell.orgs.models import Authenticator, RecoveryCode

from .test_sign_in import password_step

pytestmark = pytest.mark.django_db


def waits_for_the_code(client) -> bool:
    response = client.get(reverse("home"))
    return response.status_code == 302 and response["Location"].startswith(reverse("mfa_verify"))


def test_password_alone_cannot_reach_the_authenticator_setup_page(client, peer):
    password_step(client, peer.email)
    page = client.get(reverse("mfa_setup"))
    assert page.status_code == 302
    assert "<svg" not in page.content.decode()
    assert Authenticator.objects.filter(user=peer).count() == 1


def test_password_alone_cannot_confirm_a_second_authenticator(client, peer):
    password_step(client, peer.email)
    # An app someone holding only the password has half set up for this account.
    rogue = Authenticator.objects.create(user=peer, name="default", confirmed=False)
    client.post(reverse("mfa_setup"), {"code": f"{totp(rogue.bin_key):06d}"})
    rogue.refresh_from_db()
    assert not rogue.confirmed
    assert waits_for_the_code(client)


def test_signed_in_user_with_an_authenticator_is_not_shown_a_new_secret(as_user, peer):
    response = as_user(peer).get(reverse("mfa_setup"))
    assert response.status_code == 302 and response["Location"] == reverse("account")
    assert Authenticator.objects.filter(user=peer).count() == 1


def test_a_colleagues_recovery_code_is_refused(client, org, peer):
    colleague = testing.make_user(org, "peer")
    theirs = new_recovery_codes(colleague)
    new_recovery_codes(peer)
    password_step(client, peer.email)
    response = client.post(reverse("mfa_verify"), {"code": theirs[0]})
    assert response.status_code == 200
    assert str(CODE_NOT_ACCEPTED) in response.content.decode()
    assert waits_for_the_code(client)
    # The colleague's code is still theirs to use.
    assert RecoveryCode.objects.filter(device__user=colleague).count() == 10


@pytest.mark.parametrize(
    "target",
    [
        "https://elsewhere.example.org/participants/",
        "//elsewhere.example.org/participants/",
        "http://testserver@elsewhere.example.org/",
        "/\\elsewhere.example.org/",
        "javascript:alert(1)",
    ],
)
def test_next_after_the_code_never_leaves_the_site(client, peer, target):
    password_step(client, peer.email)
    url = reverse("mfa_verify") + "?" + urlencode({"next": target})
    # The code form carries the page to return to; the language switcher's own `next`
    # is this page's address, so only the code form's field is read.
    form = client.get(url).content.decode()
    assert f'<input type="hidden" name="next" value="{reverse("home")}">' in form
    response = client.post(url, {"code": testing.current_code(peer), "next": target})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_next_after_the_code_returns_to_the_page_asked_for(client, peer):
    password_step(client, peer.email)
    asked = client.get(reverse("participant_list"))
    response = client.post(
        asked["Location"],
        {"code": testing.current_code(peer), "next": reverse("participant_list")},
    )
    assert response["Location"] == reverse("participant_list")


def test_funder_with_an_authenticator_is_asked_for_the_code(client, org):
    funder = testing.make_user(org, "funder")
    password_step(client, funder.email)
    blocked = client.get(reverse("network_report"))
    assert blocked.status_code == 302
    assert blocked["Location"].startswith(reverse("mfa_verify"))
    done = client.post(blocked["Location"], {"code": testing.current_code(funder)})
    assert done["Location"] == reverse("network_report")
    assert client.get(reverse("network_report")).status_code == 200


def test_funder_without_an_authenticator_sets_one_up_first(client, org):
    funder = testing.make_user(org, "funder", totp_device=False)
    password_step(client, funder.email)
    blocked = client.get(reverse("network_report"))
    assert blocked.status_code == 302
    assert blocked["Location"].startswith(reverse("mfa_setup"))
    device = Authenticator.objects.filter(user=funder)
    assert not device.exists()
    client.get(reverse("mfa_setup"))
    code = f"{totp(device.get().bin_key):06d}"
    assert (
        "Recovery codes"
        in client.post(reverse("mfa_setup"), {"code": code}, follow=True).content.decode()
    )
    assert client.get(reverse("network_report")).status_code == 200
