"""The community public pages' rows for the sweeps (see __init__.py): the public
schedule, its snippet and feeds, and the staff page that shares them."""

from datetime import time, timedelta


def _slug(world, side):
    return world.participants[side].organization.slug


def _event_uid(world, side):
    from peerwell.community.models import Event

    return Event.objects.get(pk=world.rows[side]["event_id"]).uid


def _organization(world, side):
    return {"organization_slug": _slug(world, side)}


PUBLIC_KWARGS = {
    "public_schedule": _organization,
    "public_schedule_embed": _organization,
    "public_schedule_feed": _organization,
    "public_schedule_site_feed": lambda world, side: {
        "organization_slug": _slug(world, side),
        "site_id": world.rows[side]["site_id"],
    },
    "public_schedule_kind_feed": lambda world, side: {
        "organization_slug": _slug(world, side),
        "kind": "pop_up",
    },
    "public_event_ics": lambda world, side: {
        "organization_slug": _slug(world, side),
        "uid": _event_uid(world, side),
    },
}
# Pages and feeds that only show something.
READS = {
    "public_schedule",
    "public_schedule_embed",
    "public_schedule_feed",
    "public_schedule_site_feed",
    "public_schedule_kind_feed",
    "public_event_ics",
    "community_share",
}


def _week(world, n, *, title, long=False):
    """A public weekly event at a site of its own, with the next date cancelled and the
    one after moved: every line of the page and the feed has something to show."""
    from django.utils import timezone

    from peerwell.community import testing as community
    from peerwell.community.recurrence import event_dates

    org = world.participants["own"].organization
    # 60 letters unbroken (another part's site has the same: this one ends differently).
    place = ("Harborviewrecoverycommunitycenter" * 2)[:60] if long else f"Partner hall {n}"
    site = community.make_site(
        org,
        name=place,
        kind="partner",
        city=place if long else "Trenton",
        accessibility_notes="Ramp at the side door" + (f" {place}" if long else ""),
    )
    event = community.make_event(
        org,
        site=site,
        title=title,
        kind="support_group",
        language="en_es",
        accessibility_notes="Large print handouts",
    )
    today = timezone.localdate()
    first, second = event_dates(event, today, today + timedelta(days=13))[:2]
    community.make_change(event, first, note="Holiday" + (f" {place}" if long else ""))
    community.make_change(
        event,
        second,
        cancelled=False,
        new_date=second + timedelta(days=1),
        new_starts_at=time(17),
        new_ends_at=time(18, 30),
        note="Room booked",
    )
    return event


def grow(world, n) -> None:
    _week(world, n, title=f"SMART Recovery group {n}")


def fill(world) -> None:
    _week(world, "long", title=("Allrecoverymeetingforeverypathway" * 2)[:60], long=True)
