"""The client's address behind a proxy: the sign-in throttle and the audit trail use the
address the trusted proxies forwarded, and nothing a client can write itself."""

import pytest
from django.urls import reverse

from peerwell import testing
from peerwell.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
SENDER = "203.0.113.9"
NEIGHBOUR = "198.51.100.20"


def attempt(client, email, password=testing.PASSWORD, *, forwarded=None, remote=PROXY):
    """A sign-in as it reaches us: from `remote`, with the header the proxy passed on."""
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(reverse("login"), {"username": email, "password": password}, **headers)


def fail_until_locked(client, email, *, forwarded, limit, remote=PROXY):
    for _ in range(limit):
        attempt(client, email, "wrong password here", forwarded=forwarded, remote=remote)


def test_behind_a_proxy_failures_lock_out_the_sender_not_a_neighbour(client, peer, settings):
    settings.PROXY_COUNT = 1
    fail_until_locked(client, peer.email, forwarded=SENDER, limit=settings.AXES_FAILURE_LIMIT)
    assert attempt(client, peer.email, forwarded=SENDER).status_code == 429
    # Someone else behind the same proxy still signs in.
    assert attempt(client, peer.email, forwarded=NEIGHBOUR).status_code == 302


def test_a_spoofed_header_does_not_move_the_lock(client, peer, settings):
    settings.PROXY_COUNT = 1
    # The sender writes the neighbour's address; the proxy appends the sender's own.
    spoofed = f"{NEIGHBOUR}, {SENDER}"
    fail_until_locked(client, peer.email, forwarded=spoofed, limit=settings.AXES_FAILURE_LIMIT)
    assert attempt(client, peer.email, forwarded=f"192.0.2.77, {SENDER}").status_code == 429
    assert attempt(client, peer.email, forwarded=NEIGHBOUR).status_code == 302


def test_without_a_proxy_a_sent_header_is_ignored(client, peer, settings):
    settings.PROXY_COUNT = 0
    fail_until_locked(
        client, peer.email, forwarded=NEIGHBOUR, remote=SENDER, limit=settings.AXES_FAILURE_LIMIT
    )
    # Changing the header does not unlock the sender ...
    assert attempt(client, peer.email, forwarded="192.0.2.77", remote=SENDER).status_code == 429
    # ... and the address it named is not locked.
    assert attempt(client, peer.email, remote=NEIGHBOUR).status_code == 302
    failed = AuditEntry.objects.filter(action="sign_in_failed")
    assert set(failed.values_list("ip_address", flat=True)) == {SENDER}


def test_the_audit_row_of_a_sign_in_records_the_forwarded_address(client, peer, settings):
    settings.PROXY_COUNT = 1
    headers = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"{NEIGHBOUR}, {SENDER}"}
    attempt(client, peer.email, forwarded=headers["HTTP_X_FORWARDED_FOR"])
    client.post(reverse("mfa_verify"), {"code": testing.current_code(peer)}, **headers)
    assert AuditEntry.objects.get(action="sign_in", actor=peer).ip_address == SENDER


@pytest.mark.parametrize(
    "proxies, forwarded, recorded",
    [
        # Two proxies: the first appends the client, the second the first proxy.
        (2, f"{NEIGHBOUR}, {SENDER}, 10.0.0.1", SENDER),
        # Fewer entries than proxies: the request did not come through them all.
        (2, SENDER, PROXY),
        # Something that is not an address is not trusted, and is no server error.
        (1, "unknown", PROXY),
        (1, "", PROXY),
    ],
)
def test_exactly_the_trusted_hops_are_read(client, peer, settings, proxies, forwarded, recorded):
    settings.PROXY_COUNT = proxies
    response = attempt(client, peer.email, "wrong password here", forwarded=forwarded)
    assert response.status_code == 200
    assert AuditEntry.objects.get(action="sign_in_failed").ip_address == recorded
