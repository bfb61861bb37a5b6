"""The public schedule, no sign-in: the page, its embeddable snippet for partner sites,
and the iCalendar feeds calendar apps subscribe to."""

from csp.decorators import csp_replace
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from peerwell.core.access import public_view
from peerwell.orgs.models import Organization

from . import feeds, public_schedule
from .forms_public import ScheduleFilterForm
from .models import EventKind, Site

# Calendar apps poll; an hour's cache is what the feed itself asks for.
FEED_MAX_AGE = 60 * 60


def _organization(slug) -> Organization:
    return get_object_or_404(Organization.objects.only("id", "name", "slug"), slug=slug)


def _schedule_context(request, organization, *, embedded=False):
    events = list(public_schedule.public_events(organization))
    form = ScheduleFilterForm(request.GET or None, towns=public_schedule.towns(events))
    query = form.query()
    start, end = public_schedule.window()
    listings_html, listings = public_schedule.rendered_listings(
        events, query, start, end, slug=organization.slug, embedded=embedded
    )
    return {
        "organization": organization,
        "form": form,
        "query": query,
        "listings_html": listings_html,
        "listings": listings,
        "start": start,
        "end": end,
    }


@public_view
@require_safe
def public_schedule_page(request, organization_slug):
    organization = _organization(organization_slug)
    return render(
        request, "community/public/schedule.html", _schedule_context(request, organization)
    )


@public_view
@require_safe
@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})
def public_schedule_embed(request, organization_slug):
    """The same list, compact and without the site's header, for a partner's page to
    frame: any site may, so the page says nothing a stranger should not read."""
    organization = _organization(organization_slug)
    context = _schedule_context(request, organization, embedded=True)
    return render(request, "community/public/embed.html", context)


def _feed(request, events, name):
    body = feeds.calendar(events, name=name)
    tag = feeds.etag(body)
    response = get_conditional_response(request, etag=tag)
    if response is None:
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["ETag"] = tag
    patch_cache_control(response, public=True, max_age=FEED_MAX_AGE)
    return response


def _calendar_name(organization, what=None) -> str:
    if what:
        return _("%(organization)s: %(what)s") % {"organization": organization.name, "what": what}
    return _("%(organization)s: community schedule") % {"organization": organization.name}


@public_view
@require_safe
def public_schedule_feed(request, organization_slug):
    organization = _organization(organization_slug)
    events = public_schedule.public_events(organization)
    return _feed(request, events, _calendar_name(organization))


@public_view
@require_safe
def public_schedule_site_feed(request, organization_slug, site_id):
    organization = _organization(organization_slug)
    # The site of the organization the address names; any other is "not found".
    site = get_object_or_404(Site.objects.filter(organization=organization), pk=site_id)
    events = public_schedule.public_events(organization).filter(site=site)
    return _feed(request, events, _calendar_name(organization, site.name))


@public_view
@require_safe
def public_schedule_kind_feed(request, organization_slug, kind):
    organization = _organization(organization_slug)
    if kind not in EventKind.values:
        raise Http404
    events = public_schedule.public_events(organization).filter(kind=kind)
    return _feed(request, events, _calendar_name(organization, EventKind(kind).label))


@public_view
@require_safe
def public_event_ics(request, organization_slug, uid):
    organization = _organization(organization_slug)
    events = list(public_schedule.public_events(organization).filter(uid=uid))
    if not events:
        raise Http404
    return _feed(request, events, _calendar_name(organization, events[0].title))
