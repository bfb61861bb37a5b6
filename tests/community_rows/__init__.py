"""The community app's rows for the sweeps, one module per part, so the parts are
described beside each other without touching the same lines:

- `PUBLIC_KWARGS`: public URL name -> fn(world, side) -> kwargs (the permission matrix);
- `grow(world, n)`: more rows behind the own organization's pages (the query counts);
- `fill(world)`: rows the every-page browser sweep needs on the pages (long names too);
- `valid(Post)` -> {URL name: fn(world) -> Post}, `invalid()` -> {URL name: (data,
  typed)}, `READS`, `API`, `CHANGES_NO_TABLE`: the post/redirect sweep.
"""

from datetime import timedelta

from django.utils import timezone

from peerwell.testing import make_participant

from . import attendance, people, public, schedule

PARTS = (schedule, public, attendance, people)


def _merged(name: str) -> dict:
    found = {}
    for part in PARTS:
        found.update(getattr(part, name, {}))
    return found


def _union(name: str) -> set:
    return set().union(*(getattr(part, name, set()) for part in PARTS))


PUBLIC_KWARGS = _merged("PUBLIC_KWARGS")
READS = _union("READS")
API = _union("API")
CHANGES_NO_TABLE = _union("CHANGES_NO_TABLE")


def grow(world, n) -> None:
    for part in PARTS:
        if hasattr(part, "grow"):
            part.grow(world, n)


def fill(world) -> None:
    for part in PARTS:
        if hasattr(part, "fill"):
            part.fill(world)


def valid(Post) -> dict:
    found = {}
    for part in PARTS:
        if hasattr(part, "valid"):
            found.update(part.valid(Post))
    return found


def invalid() -> dict:
    found = {}
    for part in PARTS:
        if hasattr(part, "invalid"):
            found.update(part.invalid())
    return found


def world_rows(org, participant, users) -> dict:
    """A partner site and a van stop, a weekly pop-up on the van facilitated by the
    volunteer with one date cancelled, a session held with the participant signed in and
    a self check-in waiting, a class with the participant enrolled, volunteer hours
    waiting for approval, a certification, and a ride given to the participant."""
    from peerwell.community import testing as community

    site = community.make_site(org, kind="partner", partner_contact="Rev. Ortiz")
    stop = community.make_site(org, name="Van stop: Military Park", kind="van_stop")
    event = community.make_event(
        org,
        site=stop,
        title="Pop-up recovery center",
        kind="pop_up",
        van=community.make_van(org),
        facilitator=users["volunteer"],
    )
    change = community.make_change(event, event.first_date + timedelta(days=7), note="Holiday")
    session = community.make_session(event, head_count=6)
    community.make_attendee(session, participant)
    waiting = community.make_attendee(
        session,
        make_participant(org, assigned_peer=users["peer"]),
        status="pending",
        self_checked_in=True,
    )
    course = community.make_event(
        org,
        site=site,
        title="Stress management",
        kind="life_skills",
        life_skill="stress",
        sessions_to_complete=5,
        rule="FREQ=WEEKLY;COUNT=6",
    )
    rows = {
        "site_id": site.pk,
        "van_id": event.van_id,
        "event_id": event.pk,
        "class_id": course.pk,
        "change_id": change.pk,
        "session_id": session.pk,
        "attendee_id": waiting.pk,
        "class_enrolment_id": community.make_class_enrolment(course, participant).pk,
        "hours_id": community.make_hours(users["volunteer"]).pk,
        "certification_id": community.make_certification(users["peer"]).pk,
        "help_id": community.make_help(users["peer"], participant=participant).pk,
    }
    # A one-off family group today, so the door's check-in form is open; the participant
    # checked in there at the door, waiting for staff (the attendee pages' task names them).
    today = community.make_event(
        org,
        site=site,
        title="Family group",
        kind="family_group",
        first_date=timezone.localdate(),
        rule="",
    )
    at_door = community.make_session(today, head_count=3)
    rows["today_event_id"] = today.pk
    rows["attendee_id"] = community.make_attendee(
        at_door, participant, status="pending", self_checked_in=True
    ).pk
    return rows
