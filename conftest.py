"""Shared fixtures. Tests never reach the network beyond loopback."""

import ipaddress
import socket

import pytest

from peerwell import testing

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _check(address):
    if isinstance(address, tuple) and address:
        host = address[0]
        try:
            if ipaddress.ip_address(host).is_loopback:
                return
        except ValueError:
            if host in {"localhost"}:
                return
        raise OSError(f"tests may not reach the network: {address!r}")


def _guarded_connect(self, address):
    _check(address)
    return _real_connect(self, address)


def _guarded_connect_ex(self, address):
    _check(address)
    return _real_connect_ex(self, address)


socket.socket.connect = _guarded_connect
socket.socket.connect_ex = _guarded_connect_ex


@pytest.fixture
def org(db):
    return testing.make_org("Riverside Recovery Community")


@pytest.fixture
def other_org(db):
    return testing.make_org("Harbor CARES")


@pytest.fixture
def admin(org):
    return testing.make_user(org, "admin")


@pytest.fixture
def supervisor(org):
    return testing.make_user(org, "supervisor")


@pytest.fixture
def peer(org):
    return testing.make_user(org, "peer")


@pytest.fixture
def participant(org, peer):
    return testing.make_participant(org, assigned_peer=peer)


@pytest.fixture
def as_user(client):
    """as_user(user) -> the test client signed in as that user, second factor done."""

    def sign_in(user):
        testing.sign_in(client, user)
        return client

    return sign_in


@pytest.fixture
def clock(time_machine):
    """The clock stopped at the current moment; clock.shift(seconds) moves it on, for
    session lifetimes, emergency access and the wait after a wrong code."""
    import time

    time_machine.move_to(time.time(), tick=False)
    return time_machine
