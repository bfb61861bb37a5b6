"""The bench's measurements, run inside a subprocess that has set Django up (run.py).
Django is imported inside the functions: the parent process reads the constants only."""

import statistics
import time

PREFIX = "bench"
SEED = 7
WARMUPS = 5
RUNS = 30
# Search is measured against a fixed budget rather than the floor: it is a POST that
# ranks names over the whole organization.
SEARCH_TARGET_MS = 100


def _timed(request, url: str, extra=None) -> float:
    """One request's time. `extra` may name another status to expect (a POST's redirect)
    and an `after` to run untimed (putting back what the request changed)."""
    extra = extra or {}
    started = time.perf_counter()
    response = request(url)
    elapsed = time.perf_counter() - started
    expect = extra.get("expect", 200)
    if response.status_code != expect:
        raise SystemExit(f"{url} answered {response.status_code}, not {expect}")
    if "after" in extra:
        extra["after"]()
    return elapsed


def _signed_in(user):
    from django.test import Client

    from peerwell import testing
    from peerwell.orgs.models import Authenticator

    Authenticator.objects.get_or_create(user=user, name="default", defaults={"confirmed": True})
    client = Client()
    testing.sign_in(client, user)
    return client


def _staff(org_slug):
    """A peer specialist with a caseload, and a supervisor, of the first organization."""
    from django.db.models import Count

    from peerwell.orgs.models import Role, User

    peer = (
        User.objects.filter(organization__slug=org_slug, role=Role.PEER, is_active=True)
        .annotate(n=Count("caseload"))
        .filter(n__gt=0)
        .order_by("pk")
        .first()
    )
    if peer is None:
        raise SystemExit(f"No peer specialist with a caseload in {org_slug}: is it seeded?")
    supervisor = User.objects.filter(organization=peer.organization, role=Role.SUPERVISOR).first()
    # Funders belong to no organization: the seed makes none, the bench adds one.
    funder, _ = User.objects.get_or_create(
        email="funder@bench.example.org",
        defaults={"role": Role.FUNDER, "organization": None, "full_name": "Bench Funder"},
    )
    return peer, supervisor, funder


def _most(queryset, related: str):
    """The caseload's participant with the most `related` rows: the expensive page."""
    from django.db.models import Count

    return queryset.annotate(n=Count(related)).order_by("-n", "pk").first()


def search_terms(peer) -> dict[str, str]:
    """The terms people type, taken from a participant of the organization."""
    from peerwell.core.templatetags.peerwell import phone_display
    from peerwell.participants.models import Participant

    named = Participant.objects.visible_to(peer).exclude(phone="").order_by("pk")[7]
    last = named.last_name
    return {
        "search: last name": last,
        "search: first and last name": named.full_name,
        "search: start of first name": named.first_name[:3],
        "search: misspelled last name": last[:-1] + ("s" if last[-1] != "s" else "z"),
        "search: phone": phone_display(named.phone),
    }


def _run(pages, *, runs, warmups, refresh) -> list[dict]:
    """pages: (name, url, request, extra). Round-robin: each round requests every page
    once, so a burst of load on this (shared, 2-core) machine slows all pages alike."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = {name: [] for name, *_ in pages}
    for _name, url, request, extra in pages:
        for _ in range(warmups):
            _timed(request, url, extra)
    for _ in range(runs):
        for name, url, request, extra in pages:
            times[name].append(_timed(request, url, extra))
    results = []
    for name, url, request, extra in pages:
        # A fresh session, so the once-every-30-seconds "last seen" session write
        # (SessionLifetimeMiddleware) does not land in the counted request.
        refresh()
        with CaptureQueriesContext(connection) as ctx:
            _timed(request, url, {k: v for k, v in extra.items() if k != "after"})
        # Read before `after` makes its own request, which empties the query log.
        sql = [q["sql"] for q in ctx.captured_queries]
        if "after" in extra:
            extra["after"]()
        ms = sorted(t * 1000 for t in times[name])
        results.append(
            {
                "page": name,
                "url": url,
                "median_ms": round(statistics.median(ms), 2),
                "p95_ms": round(ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))], 2),
                "min_ms": round(ms[0], 2),
                "queries": len(sql),
                "sql": sql,
                **{k: v for k, v in extra.items() if not callable(v)},
            }
        )
    return results


def measure_directory(*, runs=RUNS, warmups=WARMUPS) -> dict:
    """The directory search rows alone, as the first peer with a caseload (any seed)."""
    import directory_rows
    from django.db import connection

    from peerwell.orgs.models import Role, User

    peer = User.objects.filter(role=Role.PEER, is_active=True).order_by("pk").first()
    if peer is None:
        raise SystemExit("No peer specialist: is this database seeded?")
    rows, about = directory_rows.pages(_signed_in, peer)
    return {
        "database": str(connection.settings_dict["NAME"]),
        "vendor": connection.vendor,
        "services": about["services"],
        "pages": _run(rows, runs=runs, warmups=warmups, refresh=about["refresh"]),
    }


def measure(
    *,
    runs=RUNS,
    warmups=WARMUPS,
    search_only=False,
    checkins_only=False,
    plans_only=False,
    referrals_only=False,
    community_only=False,
) -> dict:
    import checkin_rows
    import community_rows
    import directory_rows
    import plan_rows
    import referral_rows
    from django.db import connection
    from django.db.models import Q
    from django.test import Client
    from django.utils import timezone

    from peerwell import testing
    from peerwell.consents.models import Disclosure
    from peerwell.participants.models import FamilyLink, Participant
    from peerwell.participants.views import PAGE_SIZE

    org_slug = f"{PREFIX}-{SEED}-1"
    peer, supervisor, funder = _staff(org_slug)
    caseload = Participant.objects.caseload_of(peer)
    # Seeded notes are encrypted with data/bench/field_encryption_key: this raises if that
    # key was lost or replaced since seeding (drop the bench databases to reseed).
    sample = Participant.objects.exclude(notes="").only("notes").first()
    assert sample is None or sample.notes
    total = Participant.objects.visible_to(peer).count()
    as_peer, as_supervisor, as_funder = _signed_in(peer), _signed_in(supervisor), _signed_in(funder)

    def get(client):
        return client.get

    pages, checkins, plans, referrals, directory, community = [], {}, {}, {}, {}, {}
    only = plans_only or referrals_only or community_only
    if not search_only and not only:
        # First the day's calls (timed), so that today's queue has them.
        checkins["generate_calls"] = checkin_rows.generate(timezone.localdate())
        checkin_pages, checkins["checkins"] = checkin_rows.pages(_signed_in)
    if not search_only and not checkins_only and not referrals_only and not community_only:
        plan_pages, plans = plan_rows.pages(_signed_in, peer, supervisor)
    if not search_only and not checkins_only and not plans_only and not community_only:
        referral_pages, referrals = referral_rows.pages(_signed_in, peer, supervisor)
    if not search_only and not checkins_only and not plans_only and not referrals_only:
        community_pages, community = community_rows.pages(_signed_in, peer, supervisor)
    if checkins_only:
        pages = [("floor", "/floor/", get(as_peer), {}), *checkin_pages]
    elif plans_only:
        # The follow-ups list holds the plans' steps and reviews beside the follow-ups.
        follow_ups = ("follow-ups", "/follow-ups/", get(as_peer), {})
        pages = [("floor", "/floor/", get(as_peer), {}), follow_ups, *plan_pages]
    elif referrals_only:
        pages = [("floor", "/floor/", get(as_peer), {}), *referral_pages]
    elif community_only:
        pages = [("floor", "/floor/", get(as_peer), {}), *community_pages]
    elif not search_only:
        last_page = max(1, -(-total // PAGE_SIZE))
        timeline = _most(caseload, "contacts")
        disclosed = _most(caseload, "disclosures")
        consented = _most(caseload, "consents")
        link = FamilyLink.objects.filter(participant__in=caseload).order_by("pk").first()
        consent_id = consented.consents.order_by("-pk").values_list("pk", flat=True)[0]
        # The packet's sections follow what was disclosed: the same kind on both
        # databases (the service log, the fullest), so their query counts compare.
        packet = (
            Disclosure.objects.filter(participant__in=caseload, information__contains="service_log")
            .order_by("-pk")
            .values_list("participant_id", "pk")
            .first()
        )
        peer_pages = [
            ("floor", "/floor/"),
            ("caseload", "/participants/mine/"),
            # The work list's sorts: each row's last contact and next follow-up, for everyone.
            ("caseload, most urgent first", "/participants/mine/?sort=follow_up"),
            ("caseload, longest without contact", "/participants/mine/?sort=last_contact"),
            ("all participants", "/participants/"),
            ("all participants, last page", f"/participants/?page={last_page}"),
            ("participant (timeline)", f"/participants/{timeline.pk}/"),
            ("log a contact", f"/participants/{timeline.pk}/log/"),
            ("record history", f"/participants/{timeline.pk}/history/"),
            ("consents", f"/participants/{consented.pk}/consents/"),
            ("a consent", f"/participants/{consented.pk}/consents/{consent_id}/"),
            ("accounting of disclosures", f"/participants/{disclosed.pk}/disclosures/"),
            ("a disclosure's packet", "/participants/{}/disclosures/{}/".format(*packet)),
            ("follow-ups", "/follow-ups/"),
        ]
        if link:
            peer_pages.append(("family member", f"/participants/family/{link.family_member_id}/"))
        pages += [(name, url, get(as_peer), {}) for name, url in peer_pages]
        pages += checkin_pages
        pages += plan_pages
        pages += referral_pages
        pages += community_pages
        directory_pages, directory = directory_rows.pages(_signed_in, peer)
        pages += directory_pages
        pages += [
            ("caseloads (supervisor)", "/participants/caseloads/", get(as_supervisor), {}),
            (
                "possible duplicates (supervisor)",
                "/participants/duplicates/",
                get(as_supervisor),
                {},
            ),
            ("audit trail (supervisor)", "/audit/", get(as_supervisor), {}),
            ("emergency accesses (supervisor)", "/audit/emergency/", get(as_supervisor), {}),
            ("network report (funder)", "/reports/network/", get(as_funder), {}),
            ("sign-in page", "/accounts/login/", lambda url: Client().get(url), {}),
        ]
    for name, term in search_terms(peer).items() if not (checkins_only or only) else ():
        pages.append(
            (
                name,
                "/search/",
                # The form answers with a redirect to its results page: both are timed.
                lambda url, term=term: as_peer.post(url, {"q": term}, follow=True),
                {"target_ms": SEARCH_TARGET_MS},
            )
        )

    def refresh():
        testing.sign_in(as_peer, peer)
        testing.sign_in(as_supervisor, supervisor)
        testing.sign_in(as_funder, funder)
        if checkins:
            checkins["checkins"]["refresh"]()
        if plans:
            plans["refresh"]()
        if referrals:
            referrals["refresh"]()
        if community:
            community["refresh"]()
        if directory:
            directory["refresh"]()

    return {
        "database": connection.settings_dict["NAME"].__str__(),
        "vendor": connection.vendor,
        "participants": Participant.objects.count(),
        "contacts": _count("contacts_contact"),
        "org": org_slug,
        "org_participants": total,
        "peer_caseload": Participant.objects.filter(Q(assigned_peer=peer)).count(),
        "pages": _run(pages, runs=runs, warmups=warmups, refresh=refresh),
        **{k: v for k, v in checkins.items() if k == "generate_calls"},
        "checkins": {k: v for k, v in checkins.get("checkins", {}).items() if k != "refresh"},
        "plans": {k: v for k, v in plans.items() if k != "refresh"},
        "directory": {k: v for k, v in directory.items() if k != "refresh"},
    }


def _count(table: str) -> int:
    """An estimate on PostgreSQL (counting ten million rows takes seconds)."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = %s", [table])
        else:
            cursor.execute(f"SELECT count(*) FROM {table}")
        return max(0, cursor.fetchone()[0])
