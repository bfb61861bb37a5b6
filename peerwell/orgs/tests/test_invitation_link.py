"""An invitation link's token leaves the address at the first request, as Django's
password reset does: browser history, the Referer of later requests and the server's
access log after that first line never see it."""

import pytest
from django.test import Client
from django.urls import reverse

from peerwell.orgs.models import User

pytestmark = pytest.mark.django_db

SET_UP = "/invitations/set-up/"
PASSWORD = "river stones and morning light"


def token_of(link: str) -> str:
    return link.rstrip("/").rsplit("/", 1)[1]


def test_first_visit_moves_the_token_into_the_session(client, invite, as_user, admin):
    _, link = invite(as_user(admin))
    client.logout()
    first = client.get(link)
    assert first.status_code == 302 and first["Location"] == SET_UP
    page = client.get(SET_UP)
    body = page.content.decode()
    assert page.status_code == 200 and "Set up your account" in body
    assert token_of(link) not in body
    done = client.post(
        SET_UP, {"full_name": "Dana Peer", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert done.status_code == 302 and done["Location"] == reverse("login")
    assert User.objects.filter(email="newpeer@example.org", full_name="Dana Peer").exists()
    # Used: neither the set-up page nor the old link works any more.
    assert client.get(SET_UP).status_code == 404
    assert client.get(link).status_code == 404


def test_the_old_link_works_again_in_another_browser_while_unused(client, invite, as_user, admin):
    _, link = invite(as_user(admin))
    client.logout()
    assert client.get(link)["Location"] == SET_UP
    again = client.get(link, follow=True)  # the same browser, a second time
    assert again.status_code == 200 and "Set up your account" in again.content.decode()
    other = Client()
    assert other.get(link)["Location"] == SET_UP
    done = other.post(
        SET_UP, {"full_name": "Dana Peer", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert done.status_code == 302
    assert User.objects.filter(email="newpeer@example.org").exists()


def test_set_up_page_without_a_link_says_the_link_does_not_work(client):
    page = client.get(SET_UP)
    assert page.status_code == 404
    assert "This invitation link does not work" in page.content.decode()
