"""The community schedule pages' rows for the sweeps (see __init__.py): sites, vans,
events and the dates cancelled or moved."""

from datetime import timedelta

PUBLIC_KWARGS = {}
READS = {"community", "community_sites", "community_site", "community_events", "community_event"}


def _event(world):
    from peerwell.community.models import Event

    return Event.objects.get(pk=world.rows["own"]["event_id"])


def grow(world, n) -> None:
    """Another site, van and weekly event (on its own van) with a cancelled date, per n:
    the home page, the lists and the site's and event's pages must not ask more."""
    from peerwell.community import testing as community
    from peerwell.community.models import Site

    org = world.participants["own"].organization
    site = Site.objects.get(pk=world.rows["own"]["site_id"])
    event = _event(world)
    more = community.make_event(
        org,
        site=site,
        title=f"Support group {n}",
        kind="support_group",
        van=community.make_van(org, name=f"Van grown {n}"),
        facilitator=world.users["own"]["volunteer"],
        first_date=event.first_date,
    )
    community.make_change(more, more.first_date + timedelta(days=14), note=f"Holiday {n}")
    community.make_site(org, name=f"Partner site grown {n}", kind="partner")


def fill(world) -> None:
    """Long names on the schedule's pages: a 60-letter site, event title and van."""
    from peerwell.community import testing as community
    from peerwell.community.models import Site

    long = ("Riversiderecoverycommunitycenter" * 2)[:60]
    org = world.participants["own"].organization
    Site.objects.filter(pk=world.rows["own"]["site_id"]).update(
        agreement_note="Room 2 on Tuesdays; the church's insurance covers us.",
        accessibility_notes="Step-free entrance on Market Street.",
    )
    site = community.make_site(org, name=long, kind="partner", partner_contact=long)
    event = community.make_event(
        org,
        site=site,
        title=long,
        kind="family_group",
        facilitator=world.users["own"]["peer"],
        van=community.make_van(org, name=long),
        description="A group for families, every week.",
    )
    community.make_change(
        event,
        event.first_date + timedelta(days=7),
        cancelled=False,
        new_date=event.first_date + timedelta(days=8),
        new_starts_at=event.starts_at,
        new_ends_at=event.ends_at,
        note="Moved for the holiday",
    )


def valid(Post) -> dict:
    return {
        "community_site_new": lambda w: Post(
            {"name": "Ironbound Library", "kind": "partner", "city": "Newark"}
        ),
        "community_site_edit": lambda w: Post({"accessibility_notes": "Ramp at the side door."}),
        "community_vans": lambda w: Post({"name": "Second van"}),
        "community_event_new": lambda w: Post(
            {
                "title": "Stress management at the library",
                "site": str(w.rows["own"]["site_id"]),
                "kind": "social",
                "first_date": "2031-03-04",
                "starts_at": "18:00",
                "ends_at": "19:30",
            }
        ),
        "community_event_edit": lambda w: Post({"capacity": "25"}),
        "community_event_archive": lambda w: Post(fill=False),
        "community_change_new": lambda w: Post(
            {"original_date": (_event(w).first_date + timedelta(days=14)).isoformat()}
        ),
        "community_change_delete": lambda w: Post(fill=False),
    }


def invalid() -> dict:
    return {
        # An event that ends before it starts; a date the event does not happen on.
        "community_event_new": (
            {
                "title": "Kept title",
                "first_date": "2031-03-04",
                "starts_at": "19:00",
                "ends_at": "18:00",
            },
            "Kept title",
        ),
        "community_change_new": ({"original_date": "2031-03-05", "note": "Kept note"}, "Kept note"),
        "community_site_edit": ({"time_zone": "Mars/Olympus", "city": "Kept city"}, "Kept city"),
    }
