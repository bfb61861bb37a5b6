"""The bench's Telephone Recovery Support rows, measured in the subprocess that has set
Django up (measure.py): making a day's calls for every enrolment, and the caller's and
supervisor's pages of the busiest organization."""

import time
from datetime import timedelta

# Making a day's calls for 200,000 enrolments (issue 9's target).
GENERATE_TARGET_S = 10.0


def busiest_organization():
    """The organization with the most active enrolments: the longest queue."""
    from django.db.models import Count

    from peerwell.checkins.models import Enrolment
    from peerwell.orgs.models import Organization

    top = (
        Enrolment.objects.filter(status="active")
        .values("organization")
        .annotate(n=Count("id"))
        .order_by("-n", "organization")
        .first()
    )
    if top is None:
        raise SystemExit(
            "No active check-in enrolments: this bench database was seeded before check-ins "
            "were; drop it (bench/README.md says how) and rerun."
        )
    return Organization.objects.get(pk=top["organization"])


def _weekday_without_calls(today):
    """The first weekday from today on that has no calls yet (a rerun of the bench moves
    on to the next): the realistic day's work, not a repeat."""
    from peerwell.checkins.models import CheckInCall

    day = today
    while day.weekday() >= 5 or CheckInCall.objects.filter(due_date=day).exists():
        day += timedelta(days=1)
    return day


def generate(today) -> dict:
    """Times `generate_calls` for a day with no calls yet, then again (idempotent: it
    adds nothing), and makes today's calls for the queue pages if they are not there."""
    from django.db import connection

    from peerwell.checkins.models import Enrolment
    from peerwell.checkins.queue import generate_calls

    day = _weekday_without_calls(today)
    runs = []
    for _ in range(2):
        started = time.perf_counter()
        made = generate_calls(day=day)
        runs.append({"calls": made, "seconds": round(time.perf_counter() - started, 3)})
    generate_calls(day=today)
    with connection.cursor() as cursor:
        # Planner statistics for the new rows, as autovacuum would gather shortly.
        cursor.execute("ANALYZE checkins_checkincall")
    return {
        "day": day.isoformat(),
        "enrolments": Enrolment.objects.count(),
        "active_enrolments": Enrolment.objects.filter(status="active").count(),
        "first": runs[0],
        "second": runs[1],
        "target_s": GENERATE_TARGET_S,
    }


def pages(signed_in) -> tuple[list, dict]:
    """(name, url, request, extra) rows for measure._run, and what they were run on.
    `signed_in(user)` gives a signed-in test client."""
    from django.utils import timezone

    from peerwell.checkins.models import CheckInCall
    from peerwell.orgs.models import Role, User

    org = busiest_organization()
    volunteer = User.objects.filter(organization=org, role=Role.VOLUNTEER).order_by("pk").first()
    supervisor = User.objects.filter(organization=org, role=Role.SUPERVISOR).order_by("pk").first()
    call = (
        CheckInCall.objects.filter(
            organization=org,
            channel="call",
            status__in=["queued", "retry"],
            claimed_by__isnull=True,
            try_on__lte=timezone.localdate(),
        )
        .order_by("try_on", "pk")
        .first()
    )
    as_volunteer, as_supervisor = signed_in(volunteer), signed_in(supervisor)

    def claim(url):
        # Taken, then given back (untimed, see measure._timed) so the next round can take it.
        return as_volunteer.post(url)

    def give_back():
        as_volunteer.post(f"/check-ins/calls/{call.pk}/release/")

    rows = [("check-ins: queue (volunteer)", "/check-ins/queue/", as_volunteer.get, {})]
    # A tiny seed may have nobody to call today (a weekend): then there is nothing to take.
    if call is not None:
        rows += [
            (
                "check-ins: claim a call (volunteer)",
                f"/check-ins/calls/{call.pk}/claim/",
                claim,
                {"expect": 302, "after": give_back},
            ),
            ("check-ins: a call (volunteer)", f"/check-ins/calls/{call.pk}/", as_volunteer.get, {}),
        ]
    rows += [
        (
            "check-ins: escalations (supervisor)",
            "/check-ins/escalations/",
            as_supervisor.get,
            {},
        ),
        ("check-ins: figures (supervisor)", "/check-ins/figures/", as_supervisor.get, {}),
    ]
    on = {
        "org": org.slug,
        "open_calls_today": CheckInCall.objects.filter(
            organization=org,
            status__in=["queued", "retry"],
            channel="call",
            try_on__lte=timezone.localdate(),
        ).count(),
    }

    def refresh():
        from peerwell import testing

        testing.sign_in(as_volunteer, volunteer)
        testing.sign_in(as_supervisor, supervisor)

    on["refresh"] = refresh
    return rows, on


def report(big: dict, small: dict) -> None:
    """The generate_calls row, as `make bench` prints it."""
    for label, result in (("big", big), ("small", small)):
        g = result.get("generate_calls")
        if not g:
            continue
        ok = g["first"]["seconds"] < g["target_s"] and g["second"]["calls"] == 0
        print(
            f"generate_calls on {result['database']} ({label}; {g['enrolments']:,} enrolments, "
            f"{g['active_enrolments']:,} active), day {g['day']}: {g['first']['calls']:,} calls "
            f"in {g['first']['seconds']:.2f} s; again: {g['second']['calls']} in "
            f"{g['second']['seconds']:.2f} s (target < {g['target_s']:g} s, second run adds "
            f"none: {'PASS' if ok else 'FAIL'})"
        )
