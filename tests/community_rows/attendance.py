"""The community attendance pages' rows for the sweeps (see __init__.py)."""

from datetime import timedelta

from peerwell.community import testing as community
from peerwell.community.checkin_links import token_for
from peerwell.community.models import Event, Session
from peerwell.testing import make_participant


def _check_in(world, side):
    event = Event.objects.get(pk=world.rows[side]["today_event_id"])
    return {"organization_slug": event.organization.slug, "token": token_for(event)}


PUBLIC_KWARGS = {
    # The world's one-off family group meets today, so its door form is open.
    "public_check_in": _check_in,
    "public_check_in_thanks": _check_in,
}
# The QR page and the thank-you page only show something.
READS = {"community_event_qr", "public_check_in_thanks"}


def grow(world, n) -> None:
    """More people signed in and waiting at the world's session, more enrolled in its
    class: the session and class pages' queries must not grow with them."""
    session = Session.objects.get(pk=world.rows["own"]["session_id"])
    course = Event.objects.get(pk=world.rows["own"]["class_id"])
    org = session.organization
    for i in range(n):
        person = make_participant(org)
        community.make_attendee(session, person, status="pending" if i % 2 else "confirmed")
        community.make_class_enrolment(course, person, sessions_attended=i % 5)


def fill(world) -> None:
    """A long name signed in and enrolled, to see the rows wrap on a phone."""
    session = Session.objects.get(pk=world.rows["own"]["session_id"])
    course = Event.objects.get(pk=world.rows["own"]["class_id"])
    person = make_participant(
        session.organization,
        first_name="Maximiliana-Guadalupe",
        last_name="Fitzgerald-Montgomery-Oyelaran",
    )
    community.make_attendee(session, person)
    community.make_class_enrolment(course, person)


def _start(Post):
    def build(world):
        event = Event.objects.get(pk=world.rows["own"]["event_id"])
        first = event.first_date

        def earlier():
            # Two weeks earlier, so last week's meeting is an occurrence with no session.
            Event.objects.filter(pk=event.pk).update(first_date=first - timedelta(days=14))

        return Post({"held_on": (first - timedelta(days=7)).isoformat()}, setup=earlier)

    return build


def valid(Post) -> dict:
    return {
        "community_session_start": _start(Post),
        "community_session": lambda w: Post({"head_count": "9", "notes": "Rain; a small room."}),
        "community_attendee_confirm": lambda w: Post(fill=False),
        "community_attendee_decline": lambda w: Post(fill=False),
        "community_class": lambda w: Post({"enrol": str(w.duplicate.pk)}, fill=False),
        "community_class_withdraw": lambda w: Post(fill=False),
        "public_check_in": lambda w: Post({"first_name": "Zora", "phone": "973-555-0188"}),
    }


def invalid() -> dict:
    return {
        # A Wednesday: the world's pop-up meets on Tuesdays.
        "community_session_start": ({"held_on": _wednesday()}, _wednesday()),
        # One participant is signed in at the world's session.
        "community_session": (
            {"head_count": "0"},
            "You signed in 1 person; the head count cannot be less than 1.",
        ),
        "public_check_in": ({"first_name": "Zora", "phone": ""}, "Zora"),
    }


def _wednesday() -> str:
    from django.utils import timezone

    today = timezone.localdate()
    return (today - timedelta(days=today.weekday()) + timedelta(days=2)).isoformat()
