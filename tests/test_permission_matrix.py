"""Every URL, every role, a row of the user's own organization and of another one.

The URLs come from the resolver, so a new URL is covered without editing this file. A
view must declare its access (`staff_view(...)` or `public_view`), and each URL keyword
must have a row provider below; otherwise this test fails until the URL is described.
"""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from peerwell import testing
from peerwell.orgs.actions import invite_staff

ROLES = ["admin", "supervisor", "peer", "volunteer", "funder"]
ALLOWED_WITHOUT_ROW = {200, 302, 405}  # 302: start pages that redirect; 405: POST-only


def walk(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


ALL_PATTERNS = sorted(walk(get_resolver()), key=lambda p: p[0])


class World:
    """Two organizations, each with one row of every kind a URL can point at."""

    def __init__(self):
        self.users = {}
        self.rows = {}
        for side in ("own", "other"):
            org = testing.make_org(f"{side} org")
            users = {role: testing.make_user(org, role) for role in ROLES}
            self.users[side] = users
            participant = testing.make_participant(org, assigned_peer=users["peer"])
            self.rows[side] = {
                "participant_id": participant.pk,
                "consent_id": testing.make_consent(participant, witnessed_by=users["peer"]).pk,
                "user_id": testing.make_user(org, "peer").pk,
                "follow_up_id": testing.make_follow_up(users["peer"]).pk,
                "family_member_id": testing.make_family_member(participant).pk,
                "contact_id": testing.make_contact(participant, users["peer"]).pk,
            }


def invitation_token(world, side):
    request = RequestFactory().post("/staff/invite/")
    request.user = world.users[side]["admin"]
    return invite_staff(request=request, email="new@example.org", role="peer").token


def reset_kwargs(world, side):
    user = world.users[side]["peer"]
    return {
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }


# How to fill each URL keyword from a World: by keyword, or by URL name for public pages.
ROW_KWARGS = {
    "participant_id": lambda world, side: world.rows[side]["participant_id"],
    "user_id": lambda world, side: world.rows[side]["user_id"],
    "consent_id": lambda world, side: world.rows[side]["consent_id"],
    "follow_up_id": lambda world, side: world.rows[side]["follow_up_id"],
    "family_member_id": lambda world, side: world.rows[side]["family_member_id"],
    "contact_id": lambda world, side: world.rows[side]["contact_id"],
}
PUBLIC_KWARGS = {
    "invitation_accept": lambda world, side: {"token": invitation_token(world, side)},
    "password_reset_confirm": reset_kwargs,
}


def url_for(route, kwargs):
    url = "/" + route
    for key, value in kwargs.items():
        url = url.replace(f"<int:{key}>", str(value)).replace(f"<str:{key}>", str(value))
        url = url.replace(f"<{key}>", str(value))
    assert "<" not in url, f"unfilled keyword in {url}"
    return url


def test_every_url_declares_its_access_and_keywords():
    undescribed = []
    for route, pattern in ALL_PATTERNS:
        access = getattr(pattern.callback, "access", None)
        keywords = set(pattern.pattern.converters)
        if access is None:
            undescribed.append(f"{route}: view has no staff_view/public_view")
        elif access.public and keywords and pattern.name not in PUBLIC_KWARGS:
            undescribed.append(f"{route}: add its keywords to PUBLIC_KWARGS")
        elif not access.public and not keywords <= set(ROW_KWARGS):
            undescribed.append(f"{route}: add {keywords - set(ROW_KWARGS)} to ROW_KWARGS")
    assert not undescribed, "URLs the permission matrix cannot exercise:\n" + "\n".join(undescribed)


@pytest.fixture
def world(db):
    return World()


@pytest.mark.django_db
def test_permission_matrix(client, world):
    failures = []

    def check(url, expected, who):
        response = client.get(url)
        if response.status_code == 405:  # a POST-only action: check it the way it is used
            response = client.post(url)
            # Allowed, an empty POST either acts and redirects, or shows its form again
            # with the error; refusals stay 403/404.
            expected = {200, 302} if expected == {200} else expected
        ok = response.status_code in expected
        if not ok:
            failures.append(f"{who} GET {url}: {response.status_code}, expected {sorted(expected)}")

    for route, pattern in ALL_PATTERNS:
        access = pattern.callback.access
        keywords = set(pattern.pattern.converters)
        if access.public:
            kwargs = PUBLIC_KWARGS[pattern.name](world, "own") if keywords else {}
            client.logout()
            check(url_for(route, kwargs), {200, 302, 405}, "anonymous")
            continue
        own = {k: ROW_KWARGS[k](world, "own") for k in keywords}
        other = {k: ROW_KWARGS[k](world, "other") for k in keywords}
        client.logout()
        check(url_for(route, own), {302}, "anonymous")
        for role in ROLES:
            testing.sign_in(client, world.users["own"][role])
            allowed = role in access.roles
            if keywords:
                check(url_for(route, own), {200} if allowed else {404}, role)
                # Another organization's row is always a 404, whatever the role.
                check(url_for(route, other), {404}, role)
            else:
                check(url_for(route, own), ALLOWED_WITHOUT_ROW if allowed else {403}, role)
    assert not failures, "\n".join(failures)
