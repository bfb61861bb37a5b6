"""Self check-in at the door: the printed QR code opens this public form (no sign-in).

A first name and phone that match a participant add a pending attendance that staff
confirm on the session page, so an anonymous visitor never touches anyone's record;
anything else, or "just count me", adds one to the door's count and keeps nothing. The
thank-you page never says whether a match was found. Floods are held back as on the
"Request a call" page: a counter per address in the cache, and one per phone number per
session (kept as a hash: the number itself is not stored)."""

import hashlib

from django.core.cache import cache
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from peerwell.core.access import public_view
from peerwell.core.client_ip import client_ip
from peerwell.orgs.models import Organization

from . import actions_attendance as actions
from .checkin_links import door_match, event_id_from
from .forms_attendance import TOO_MANY_CHECK_INS, DoorCheckInForm
from .models import Event
from .recurrence import occurrences

# Check-ins from one address per hour: a venue's Wi-Fi puts a whole room behind one.
PER_ADDRESS = 40
ADDRESS_WINDOW_SECONDS = 60 * 60
# Check-ins giving one phone number at one session (a double tap, a second try).
PER_PHONE = 3
PHONE_WINDOW_SECONDS = 24 * 60 * 60


def _count(key: str, window: int) -> None:
    # The window starts at the first check-in; `add` never resets a running count.
    cache.add(key, 0, window)
    try:
        cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.set(key, 1, window)


def _address_key(request) -> str:
    return f"community:check-in:{client_ip(request) or 'unknown'}"


def _phone_key(event, held_on, phone) -> str:
    digest = hashlib.sha256(phone.as_e164.encode()).hexdigest()[:32]
    return f"community:check-in:{event.pk}:{held_on:%Y%m%d}:{digest}"


def _event(organization_slug, token) -> Event:
    organization = get_object_or_404(
        Organization.objects.only("id", "name", "slug"), slug=organization_slug
    )
    event_id = event_id_from(token)
    if event_id is None:
        raise Http404
    # The signed token names the event; the address's organization must own it.
    return get_object_or_404(
        Event.objects.select_related("site", "organization"),
        pk=event_id,
        organization=organization,
        archived_at__isnull=True,
    )


def _today(event):
    """Today's occurrence of the event where it happens, if it is on and not cancelled."""
    today = actions.site_today(event)
    return next(
        (o for o in occurrences([event], today, today) if o.date == today and not o.cancelled),
        None,
    )


def _form_page(request, event, form, *, status=200):
    return render(
        request,
        "community/attendance/check_in.html",
        {"event": event, "organization": event.organization, "form": form},
        status=status,
    )


@public_view
def public_check_in(request, organization_slug, token):
    event = _event(organization_slug, token)
    occurrence = _today(event)
    if occurrence is None:
        return render(
            request,
            "community/attendance/not_today.html",
            {"event": event, "organization": event.organization},
        )
    just_count = "just_count" in request.POST
    data = request.POST or None
    if just_count:
        # Whatever was typed beside "just count me" is neither checked nor kept.
        data = {"website": request.POST.get("website", "")}
    form = DoorCheckInForm(data, just_count=just_count)
    if request.method != "POST":
        return _form_page(request, event, form)
    thanks = redirect(
        "public_check_in_thanks", organization_slug=event.organization.slug, token=token
    )
    address = _address_key(request)
    if (cache.get(address) or 0) >= PER_ADDRESS:
        form.is_valid()
        form.add_error(None, TOO_MANY_CHECK_INS)
        return _form_page(request, event, form, status=429)
    if form.is_robot():
        _count(address, ADDRESS_WINDOW_SECONDS)
        return thanks
    if not form.is_valid():
        return _form_page(request, event, form)
    participant = None
    if not just_count:
        phone = form.cleaned_data["phone"]
        key = _phone_key(event, occurrence.original_date, phone)
        if (cache.get(key) or 0) >= PER_PHONE:
            form.add_error(None, TOO_MANY_CHECK_INS)
            return _form_page(request, event, form, status=429)
        _count(key, PHONE_WINDOW_SECONDS)
        participant = door_match(event.organization, form.cleaned_data["first_name"], phone)
    _count(address, ADDRESS_WINDOW_SECONDS)
    actions.door_check_in(
        session_event=event, held_on=occurrence.original_date, participant=participant
    )
    return thanks


@public_view
def public_check_in_thanks(request, organization_slug, token):
    """The same words whoever checked in, matched or not: the screen may be seen by
    someone else, and it must not tell a stranger whether a number is known here."""
    event = _event(organization_slug, token)
    return render(
        request,
        "community/attendance/check_in_thanks.html",
        {"event": event, "organization": event.organization},
    )
