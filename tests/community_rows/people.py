"""The community people pages' rows for the sweeps (see __init__.py): volunteer hours,
certifications and instrumental help."""

from datetime import timedelta

from django.utils import timezone

PUBLIC_KWARGS = {}
# Lists and totals: a POST to them changes nothing.
READS = {
    "community_hours_review",
    "community_hours_totals",
    "community_certifications",
    "community_help",
}
LONG = ("Riversiderecoverycommunitycenter" * 2)[:60]


def valid(Post) -> dict:
    today = timezone.localdate().isoformat()
    return {
        "community_hours": lambda w: Post(
            {
                "worked_on": today,
                "hours": "2",
                "minutes": "15",
                "program": "trs",
                "what": "Answered the warm line",
            }
        ),
        "community_hours_approve": lambda w: Post(fill=False),
        "community_hours_return": lambda w: Post(
            {"reason": "Please log the two days apart."}, fill=False
        ),
        "community_certification_new": lambda w: Post(
            {
                "holder": str(w.users["own"]["volunteer"].pk),
                "name": "Certified Peer Recovery Specialist",
                "issuing_body": "Certification Board of New Jersey",
                "issued_on": "2025-03-01",
                "expires_on": "2027-03-01",
                "ce_hours_required": "30",
            }
        ),
        "community_certification_edit": lambda w: Post({"ce_hours_done": "12"}),
        "community_help_new": lambda w: Post({"kind": "clothing", "quantity": "3"}),
    }


def invalid() -> dict:
    return {
        "community_hours": (
            {"worked_on": "2999-01-01", "hours": "1", "minutes": "0", "what": "Kept what"},
            "Kept what",
        ),
        "community_certification_new": (
            {"name": "Kept name", "issued_on": "2026-05-01", "expires_on": "2025-05-01"},
            "Kept name",
        ),
        "community_certification_edit": (
            {"number": "Kept number", "expires_on": "2000-01-01"},
            "Kept number",
        ),
        "community_help_new": ({"note": "Kept note", "given_on": "2999-01-01"}, "Kept note"),
    }


def grow(world, n) -> None:
    """More hours (pending, approved, the supervisor's own), certifications with notices
    sent, and help given (anonymous and for the participant), n times over."""
    from peerwell.community import testing as community
    from peerwell.participants.models import Participant

    users = world.users["own"]
    supervisor, peer, volunteer = users["supervisor"], users["peer"], users["volunteer"]
    participant = Participant.objects.get(pk=world.rows["own"]["participant_id"])
    today = timezone.localdate()
    for k in range(n):
        day = today - timedelta(days=k % 20)
        community.make_hours(volunteer, worked_on=day, minutes=30)
        for person in (volunteer, supervisor, peer):
            community.make_hours(
                person,
                worked_on=day,
                minutes=45,
                program=["trs", "groups", "pop_up"][k % 3],
                status="approved",
                reviewed_by=supervisor,
                reviewed_at=timezone.now(),
            )
        community.make_certification(
            peer, expires_on=today + timedelta(days=20 + k), notice_60_sent_on=today
        )
        community.make_certification(supervisor, expires_on=today - timedelta(days=k + 1))
        community.make_help(volunteer, kind="clothing", quantity=k + 1)
        community.make_help(peer, participant=participant, kind="child_care")


def fill(world) -> None:
    """Rows with long words the people pages show, for a 360 px screen."""
    from peerwell.community import testing as community

    users = world.users["own"]
    supervisor = users["supervisor"]
    today = timezone.localdate()
    community.make_hours(supervisor, what=LONG, minutes=125)
    community.make_hours(
        supervisor,
        what=LONG,
        status="returned",
        review_note=LONG,
        reviewed_by=supervisor,
        reviewed_at=timezone.now(),
    )
    community.make_hours(
        users["volunteer"],
        what=LONG,
        status="approved",
        reviewed_by=supervisor,
        reviewed_at=timezone.now(),
    )
    community.make_certification(
        users["peer"],
        name=LONG,
        issuing_body=LONG,
        number="CPRS-" + "9" * 40,
        expires_on=today + timedelta(days=25),
        notice_60_sent_on=today,
        notice_30_sent_on=today,
    )
    community.make_certification(supervisor, expires_on=today - timedelta(days=3))
    community.make_help(supervisor, kind="ride", note=LONG, quantity=2)
