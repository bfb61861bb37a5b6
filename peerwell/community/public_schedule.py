"""What the public schedule shows: an organization's public events from today through
the next 13 days, exceptions applied, filtered by kind, town, language and distance
from a ZIP code. Two queries whatever the number of events: the events with their
sites, and their exceptions (`recurrence.changes_for`)."""

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import urlencode

from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from peerwell.navigation import zipcodes

from . import recurrence
from .models import Event, EventKind, EventLanguage, LifeSkill

# This week and next: today and the 13 days after it.
WINDOW_DAYS = 14
DEFAULT_MILES = 10
# The rendered listings are keyed by their content, so this only bounds the memory
# they hold, not how stale they may be.
LISTINGS_CACHE_SECONDS = 60 * 60
# A language filter shows the events held in it, bilingual ones included.
SPOKEN_IN = {
    EventLanguage.ENGLISH: {EventLanguage.ENGLISH, EventLanguage.BOTH},
    EventLanguage.SPANISH: {EventLanguage.SPANISH, EventLanguage.BOTH},
}


@dataclass(frozen=True)
class ScheduleQuery:
    kind: str = ""
    town: str = ""
    language: str = ""
    # (latitude, longitude) of the ZIP code to search near, and how far.
    origin: tuple[float, float] | None = None
    miles: int = DEFAULT_MILES


@dataclass(frozen=True)
class Facts:
    """What every listing of one event shows, worked out once per event: the page's
    cost then grows with its listings only by their dates."""

    kind: str
    language: str
    address: str
    map_link: str
    accessibility: str
    ics_url: str


def facts_of(event, organization_slug: str) -> Facts:
    site = event.site
    kind = str(EventKind(event.kind).label)
    if event.life_skill:
        kind += f": {LifeSkill(event.life_skill).label}"
    notes = " ".join(n for n in (event.accessibility_notes, site.accessibility_notes) if n)
    return Facts(
        kind=kind,
        language=str(EventLanguage(event.language).label),
        address=address(site),
        map_link=map_link(site),
        accessibility=notes,
        ics_url=reverse(
            "public_event_ics", kwargs={"organization_slug": organization_slug, "uid": event.uid}
        ),
    )


@dataclass(frozen=True)
class Listing:
    """One occurrence as the public sees it."""

    occurrence: recurrence.Occurrence
    miles: float | None = None
    facts: Facts | None = None

    @property
    def event(self):
        return self.occurrence.event

    @property
    def site(self):
        return self.occurrence.event.site

    @property
    def day(self) -> date:
        return self.occurrence.date

    @property
    def address(self) -> str:
        return address(self.site)

    @property
    def map_link(self) -> str:
        return map_link(self.site)

    # Wall-clock times at the site, without their zone: the page shows them as they are,
    # with no `{% timezone %}` block per listing (the page's cost grows with listings).
    @property
    def starts(self) -> datetime:
        return self.occurrence.starts.replace(tzinfo=None)

    @property
    def ends(self) -> datetime:
        return self.occurrence.ends.replace(tzinfo=None)

    @property
    def moved_from(self) -> datetime | None:
        """When a moved occurrence was due, at the site."""
        if not self.occurrence.moved:
            return None
        return datetime.combine(self.occurrence.original_date, self.event.starts_at)


def public_events(organization):
    """The events an organization shows the public. A public page has no signed-in user
    to scope by (`visible_to`): the organization is the one its address names, and only
    what it chose to publish is read."""
    return (
        Event.objects.filter(
            organization=organization,
            is_public=True,
            archived_at__isnull=True,
            site__active=True,
        )
        .select_related("site")
        .order_by("starts_at", "title", "id")
    )


def window(today: date | None = None) -> tuple[date, date]:
    today = today or timezone.localdate()
    return today, today + timedelta(days=WINDOW_DAYS - 1)


def towns(events) -> list[str]:
    return sorted({e.site.city for e in events if e.site.city}, key=str.casefold)


def _matches(event, query: ScheduleQuery) -> bool:
    if query.kind and event.kind != query.kind:
        return False
    if query.town and event.site.city.casefold() != query.town.casefold():
        return False
    if query.language and event.language not in SPOKEN_IN.get(query.language, {query.language}):
        return False
    return True


def _miles(site, origin) -> float | None:
    if origin is None or site.latitude is None or site.longitude is None:
        return None
    return zipcodes.miles_between(origin, (site.latitude, site.longitude))


def _chosen(events, query: ScheduleQuery) -> tuple[list, dict]:
    """The events that match `query`, and their distance from its ZIP code if it has one."""
    chosen = [e for e in events if _matches(e, query)]
    if query.origin is None:
        return chosen, {}
    distance = {e.pk: _miles(e.site, query.origin) for e in chosen}
    return [e for e in chosen if distance[e.pk] is not None and distance[e.pk] <= query.miles], (
        distance
    )


def _listings(chosen, distance, changes, start, end, slug) -> list[Listing]:
    found = []
    for event in chosen:
        try:
            found += recurrence.occurrences([event], start, end, changes)
        except recurrence.BadEvent:
            # A rule that cannot be read (edited by hand) hides its event, not the page.
            continue
    if distance:
        found.sort(key=lambda o: (round(distance[o.event.pk], 1), o.starts, o.event.pk))
    else:
        found.sort(key=lambda o: (o.starts, o.event.pk))
    facts = {e.pk: facts_of(e, slug) for e in chosen}
    return [Listing(o, distance.get(o.event.pk), facts[o.event.pk]) for o in found]


def listings(
    events, query: ScheduleQuery, start: date, end: date, *, slug: str | None = None
) -> list[Listing]:
    """The occurrences of `events` (loaded with their sites) that match `query`, in time
    order, or nearest first when the query has a place."""
    chosen, distance = _chosen(events, query)
    if slug is None:
        slug = chosen[0].organization.slug if chosen else ""
    changes = recurrence.changes_for(chosen, start, end)
    return _listings(chosen, distance, changes, start, end, slug)


def _row(obj) -> tuple:
    return tuple(getattr(obj, f.attname) for f in obj._meta.concrete_fields)


def rendered_listings(
    events, query: ScheduleQuery, start: date, end: date, *, slug: str, embedded: bool = False
) -> tuple[str, SimpleLazyObject]:
    """The listings as HTML, and as objects (worked out only if something reads them).

    Rendering some sixty listings is most of the page's time, and everyone who opens
    the schedule on a day sees the same few pages. The HTML is cached under a digest of
    every row it is made from (events, their sites and exceptions, all read fresh), the
    filters, the dates and the language, so an edit shows on the next request."""
    chosen, distance = _chosen(events, query)
    changes = recurrence.changes_for(chosen, start, end)
    items = SimpleLazyObject(lambda: _listings(chosen, distance, changes, start, end, slug))
    digest = hashlib.sha256(
        repr(
            (
                slug,
                embedded,
                get_language(),
                start,
                end,
                query,
                [(_row(e), _row(e.site)) for e in chosen],
                sorted(_row(c) for c in changes.values()),
            )
        ).encode()
    ).hexdigest()
    key = f"community:listings:{digest}"
    html = cache.get(key)
    if html is None:
        html = render_to_string(
            "community/public/_listings.html",
            {"listings": items, "query": query, "embedded": embedded},
        )
        cache.set(key, html, LISTINGS_CACHE_SECONDS)
    return mark_safe(html), items  # our own template's output, escaped as it rendered


def schedule(organization, query: ScheduleQuery, today: date | None = None):
    """(listings, towns) for the public page: every public event is read once, so the
    town choices and the listings come from the same query."""
    events = list(public_events(organization))
    start, end = window(today)
    return listings(events, query, start, end, slug=organization.slug), towns(events)


def map_link(site) -> str:
    """OpenStreetMap at the site (no script of theirs on our page): by its coordinates,
    or a search for its address when it has none."""
    if site.latitude is not None and site.longitude is not None:
        lat, lon = f"{site.latitude:.5f}", f"{site.longitude:.5f}"
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"
    address = ", ".join(p for p in (site.street, site.city, site.state, site.postal_code) if p)
    return "https://www.openstreetmap.org/search?" + urlencode({"query": address})


def address(site) -> str:
    town = " ".join(p for p in (site.state, site.postal_code) if p)
    return ", ".join(p for p in (site.street, site.city, town) if p)
