"""The client's address: one definition for the sign-in throttle (axes) and the audit trail.

Each trusted proxy appends to X-Forwarded-For the address the request came to it from, so
behind PROXY_COUNT proxies the client is the PROXY_COUNT-th entry from the right. Whatever
stands further left was written by the client itself and is never read."""

import ipaddress

from django.conf import settings


def _address(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The forwarded address PROXY_COUNT allows, else the connecting one. A request with
    fewer entries than proxies did not come through them all, and an entry that is not an
    address is not trusted: both fall back to the connecting address."""
    proxies = settings.PROXY_COUNT
    if proxies:
        hops = request.META.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", proxies)
        if len(hops) >= proxies and (forwarded := _address(hops[-proxies])):
            return forwarded
    return _address(request.META.get("REMOTE_ADDR", ""))
