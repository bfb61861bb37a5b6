"""The public "Request a call" page: anyone may ask to be called, no sign-in.

Protected against floods without outside services: a counter per address in Django's
cache, and a count of recent requests for the same number in our own table. A robot that
fills the hidden trap field sees the same thank-you page, and nothing is recorded."""

from django.core.cache import cache
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation

from peerwell.core.access import public_view
from peerwell.core.client_ip import client_ip
from peerwell.orgs.models import Organization
from peerwell.participants.models import Language

from . import enrolment as actions
from .forms_enrolment import TOO_MANY_REQUESTS, CallRequestForm

# Requests from one address per hour (a clinic's shared computer may send a few).
PER_ADDRESS = 10
ADDRESS_WINDOW_SECONDS = 60 * 60
# Requests for one number per day, at any organization.
PER_PHONE = 3
PHONE_WINDOW_HOURS = 24


def _address_key(request) -> str:
    return f"checkins:request-a-call:{client_ip(request) or 'unknown'}"


def _address_flooded(request) -> bool:
    return (cache.get(_address_key(request)) or 0) >= PER_ADDRESS


def _count_address(request) -> None:
    key = _address_key(request)
    # The window starts at the first request; `add` never resets a running count.
    cache.add(key, 0, ADDRESS_WINDOW_SECONDS)
    try:
        cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.set(key, 1, ADDRESS_WINDOW_SECONDS)


def _organization(slug) -> Organization:
    return get_object_or_404(Organization.objects.only("id", "name", "slug"), slug=slug)


def _language() -> str:
    current = translation.get_language() or ""
    return Language.SPANISH if current.startswith("es") else Language.ENGLISH


def _form_page(request, organization, form, *, status=200):
    return render(
        request,
        "checkins/request_form.html",
        {"form": form, "organization": organization},
        status=status,
    )


@public_view
def request_a_call(request, organization_slug):
    organization = _organization(organization_slug)
    form = CallRequestForm(request.POST or None, initial={"language": _language()})
    if request.method != "POST":
        return _form_page(request, organization, form)
    thanks = redirect("request_a_call_thanks", organization_slug=organization.slug)
    if _address_flooded(request):
        form.is_valid()  # the input comes back with its own errors, if any
        form.add_error(None, TOO_MANY_REQUESTS)
        return _form_page(request, organization, form, status=429)
    if form.is_robot():
        _count_address(request)
        return thanks
    if not form.is_valid():
        return _form_page(request, organization, form)
    phone = form.cleaned_data["phone"]
    if actions.recent_requests_from(phone, hours=PHONE_WINDOW_HOURS) >= PER_PHONE:
        form.add_error(None, TOO_MANY_REQUESTS)
        return _form_page(request, organization, form, status=429)
    _count_address(request)
    values = {name: form.cleaned_data[name] for name in CallRequestForm.Meta.fields}
    actions.receive_request(organization=organization, origin=request, **values)
    return thanks


@public_view
def request_a_call_thanks(request, organization_slug):
    """Says what happens next and nothing about the request: anyone may open this
    address, and the screen may be seen by someone else."""
    organization = _organization(organization_slug)
    return render(request, "checkins/request_thanks.html", {"organization": organization})
