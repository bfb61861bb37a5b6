"""The bench's rows for the community, measured in the subprocess that has set Django up
(measure.py): the public schedule (all, filtered, near a ZIP code) and its iCalendar
feed, anonymous; the community's week, the events list, a pop-up's page, its latest
session and a class roster as a peer; volunteer hours (a volunteer's own, the
supervisor's review and the year's totals), certifications and instrumental help."""


def pages(signed_in, peer, supervisor) -> tuple[list, dict]:
    """(name, url, request, extra) rows for measure._run, and what they were run on."""
    from django.test import Client
    from django.urls import reverse

    from peerwell.community.models import Event, Session
    from peerwell.orgs.models import User

    org = peer.organization
    volunteer = User.objects.filter(organization=org, role="volunteer").order_by("pk").first()
    pop_up = Event.objects.filter(organization=org, kind="pop_up").order_by("pk").first()
    course = Event.objects.filter(organization=org, sessions_to_complete__isnull=False).first()
    session = Session.objects.filter(event=pop_up).order_by("-held_on").first()
    if pop_up is None or session is None or course is None:
        raise SystemExit(
            "No community events in the bench organization: this database was seeded "
            "before the community was; `bench/run.py --prepare` tops it up."
        )
    anonymous = Client()
    as_peer, as_supervisor = signed_in(peer), signed_in(supervisor)
    as_volunteer = signed_in(volunteer)
    slug = {"organization_slug": org.slug}
    public = reverse("public_schedule", kwargs=slug)
    rows = [
        ("community: public schedule", public, anonymous.get, {}),
        ("community: public schedule, pop-ups", public + "?kind=pop_up", anonymous.get, {}),
        ("community: public schedule, within 25 miles of 07102",
         public + "?zip_code=07102&miles=25", anonymous.get, {}),
        ("community: iCalendar feed", reverse("public_schedule_feed", kwargs=slug),
         anonymous.get, {}),
        ("community: this week (peer)", reverse("community"), as_peer.get, {}),
        ("community: events (peer)", reverse("community_events"), as_peer.get, {}),
        ("community: a pop-up (peer)", reverse("community_event", args=[pop_up.pk]),
         as_peer.get, {}),
        ("community: a session (peer)", reverse("community_session", args=[session.pk]),
         as_peer.get, {}),
        ("community: a class roster (peer)", reverse("community_class", args=[course.pk]),
         as_peer.get, {}),
        ("community: my hours (volunteer)", reverse("community_hours"), as_volunteer.get, {}),
        ("community: hours to approve (supervisor)", reverse("community_hours_review"),
         as_supervisor.get, {}),
        ("community: hours totals (supervisor)", reverse("community_hours_totals"),
         as_supervisor.get, {}),
        ("community: certifications (supervisor)", reverse("community_certifications"),
         as_supervisor.get, {}),
        ("community: instrumental help (peer)", reverse("community_help"), as_peer.get, {}),
    ]  # fmt: skip
    on = {
        "event": pop_up.pk,
        "sessions": Session.objects.filter(organization=org).count(),
        "events": Event.objects.filter(organization=org).count(),
    }

    def refresh():
        from peerwell import testing

        testing.sign_in(as_peer, peer)
        testing.sign_in(as_supervisor, supervisor)
        testing.sign_in(as_volunteer, volunteer)

    on["refresh"] = refresh
    return rows, on
