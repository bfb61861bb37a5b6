"""`make bench`: server time of the main pages against the framework floor, on PostgreSQL
with 200,000 participants, and their query counts at 200,000 and at 1,000 participants.

    .venv/bin/python bench/run.py                  # everything: prepare, measure, report
    .venv/bin/python bench/run.py --prepare URL --orgs 50 --participants 200000
    .venv/bin/python bench/run.py --measure URL    # one database, JSON on stdout

The parent process never imports Django: each database gets its own subprocess, so
Django is set up once per database. See bench/README.md.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data" / "bench"
KEY_FILE = DATA_DIR / "field_encryption_key"
RESULTS = ROOT / "bench" / "results" / "latest.json"

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/peerwell_bench"
SEED = 7
PREFIX = "bench"
BIG = {"orgs": 50, "participants": 200_000}
SMALL = {"orgs": 2, "participants": 1_000}
SEED_LIMIT_SECONDS = 10 * 60
WARMUPS = 5
RUNS = 30
MAX_RATIO = 3.0
# Search is measured against a fixed budget rather than the floor: it is a POST that
# ranks names over the whole organization.
SEARCH_TARGET_MS = 100


# --- Databases (psycopg only, before Django) -----------------------------------------


def database_urls() -> tuple[str, str]:
    big = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    small = os.environ.get("BENCH_SMALL_DATABASE_URL")
    if not small:
        parts = urlsplit(big)
        small = urlunsplit(parts._replace(path=parts.path.rstrip("/") + "_small"))
    return big, small


def _db_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def ensure_database(url: str) -> None:
    """CREATE DATABASE when missing, through the server's `postgres` database."""
    import psycopg
    from psycopg import sql

    name = _db_name(url)
    admin_url = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"Created database {name}.", flush=True)


# --- Django, once per subprocess ------------------------------------------------------


def field_key() -> str:
    """A fixed Fernet key for the bench databases, generated once: seeded notes are
    encrypted with it and must stay readable on later runs."""
    if not KEY_FILE.exists():
        from cryptography.fernet import Fernet

        DATA_DIR.mkdir(parents=True, exist_ok=True)
        KEY_FILE.write_text(Fernet.generate_key().decode())
        KEY_FILE.chmod(0o600)
    return KEY_FILE.read_text().strip()


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["SECRET_KEY"] = "bench-only-secret-key-not-for-production-7f3a9c1e5b2d"
    os.environ["FIELD_ENCRYPTION_KEYS"] = field_key()
    os.environ["PEERWELL_DATA_DIR"] = str(DATA_DIR)
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["SECURE_COOKIES"] = "0"
    os.environ["DJANGO_SETTINGS_MODULE"] = "peerwell.settings"
    for name in ("DEBUG", "PEERWELL_DEMO"):
        os.environ.pop(name, None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def prepare(url: str, orgs: int, participants: int) -> dict:
    """Migrate, then seed unless this seed is already there. Returns what happened."""
    from django.core.management import call_command
    from django.db import connection, transaction

    from peerwell.core.seeding import seed
    from peerwell.orgs.models import Organization

    call_command("migrate", verbosity=0)
    slugs = {f"{PREFIX}-{SEED}-{i + 1}" for i in range(orgs)}
    present = Organization.objects.filter(slug__startswith=f"{PREFIX}-{SEED}-").count()
    if present:
        if present != orgs or Organization.objects.filter(slug__in=slugs).count() != orgs:
            raise SystemExit(
                f"{_db_name(url)} holds {present} '{PREFIX}-{SEED}-*' organizations, expected "
                f"{orgs}: drop it (dropdb -h 127.0.0.1 -U postgres {_db_name(url)}) and rerun."
            )
        previous = _seed_record(url)
        return {"seeded": False, "seconds": previous.get("seconds"), "at": previous.get("at")}
    started = time.perf_counter()
    # One transaction: an interrupted seed leaves nothing behind, so the next run retries.
    with transaction.atomic():
        seed(orgs=orgs, participants=participants, seed=SEED, progress=True, prefix=PREFIX)
    seconds = time.perf_counter() - started
    # What autovacuum would do shortly anyway: planner statistics and the visibility map.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    done = {
        "seeded": True,
        "seconds": round(seconds, 1),
        "at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
    _seed_record_path(url).write_text(json.dumps(done))
    return done


def _seed_record_path(url: str) -> Path:
    return DATA_DIR / f"seeded-{_db_name(url)}.json"


def _seed_record(url: str) -> dict:
    """How long seeding took when this database was seeded (kept for later runs)."""
    try:
        return json.loads(_seed_record_path(url).read_text())
    except (OSError, ValueError):
        return {}


def _timed(get, url: str) -> float:
    started = time.perf_counter()
    response = get(url)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"GET {url} answered {response.status_code}, not 200")
    return elapsed


def measure() -> dict:
    from django.db import connection
    from django.db.models import Count, Q
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from peerwell import testing
    from peerwell.core.templatetags.peerwell import phone_display
    from peerwell.orgs.models import Authenticator, Role, User
    from peerwell.participants.models import Participant
    from peerwell.participants.views import PAGE_SIZE

    org_slug = f"{PREFIX}-{SEED}-1"
    peer = (
        User.objects.filter(organization__slug=org_slug, role=Role.PEER, is_active=True)
        .annotate(n=Count("caseload"))
        .filter(n__gt=0)
        .order_by("pk")
        .first()
    )
    if peer is None:
        raise SystemExit(f"No peer specialist with a caseload in {org_slug}: is it seeded?")
    Authenticator.objects.get_or_create(user=peer, name="default", defaults={"confirmed": True})
    participant = Participant.objects.caseload_of(peer).first()
    # Seeded notes are encrypted with data/bench/field_encryption_key: this raises if that
    # key was lost or replaced since seeding (drop the bench databases to reseed).
    sample = Participant.objects.exclude(notes="").only("notes").first()
    assert sample is None or sample.notes
    total = Participant.objects.visible_to(peer).count()
    last_page = max(1, -(-total // PAGE_SIZE))

    signed_in = Client()
    pages = [
        ("floor", "/floor/", True),
        ("caseload", "/participants/mine/", True),
        # The work list's sorts: each row's last contact and next follow-up, for everyone.
        ("caseload, most urgent first", "/participants/mine/?sort=follow_up", True),
        ("caseload, longest without contact", "/participants/mine/?sort=last_contact", True),
        ("all participants", "/participants/", True),
        ("all participants, last page", f"/participants/?page={last_page}", True),
        ("participant", f"/participants/{participant.pk}/", True),
        ("sign-in page", "/accounts/login/", False),
    ]

    def get_as_peer(url):
        return signed_in.get(url)

    def get_anonymous(url):
        return Client().get(url)

    getters = {name: get_as_peer if as_peer else get_anonymous for name, url, as_peer in pages}
    # Search: the terms people type, taken from a participant of the organization.
    named = Participant.objects.visible_to(peer).exclude(phone="").order_by("pk")[7]
    last = named.last_name
    searches = {
        "search: last name": last,
        "search: first and last name": named.full_name,
        "search: start of first name": named.first_name[:3],
        "search: misspelled last name": last[:-1] + ("s" if last[-1] != "s" else "z"),
        "search: phone": phone_display(named.phone),
    }
    for name, term in searches.items():
        pages.append((name, "/search/", True))
        # The form answers with a redirect to its results page: both are timed.
        getters[name] = lambda url, term=term: signed_in.post(url, {"q": term}, follow=True)
    times = {name: [] for name, _, _ in pages}
    testing.sign_in(signed_in, peer)
    for name, url, _ in pages:
        for _ in range(WARMUPS):
            _timed(getters[name], url)
    # Round-robin: each round requests every page once, so a burst of load on this
    # (shared, 2-core) machine slows all pages alike instead of one page's runs.
    for _ in range(RUNS):
        for name, url, _ in pages:
            times[name].append(_timed(getters[name], url))

    results = []
    for name, url, _ in pages:
        # A fresh session, so the once-every-30-seconds "last seen" session write
        # (SessionLifetimeMiddleware) does not land in the counted request.
        testing.sign_in(signed_in, peer)
        with CaptureQueriesContext(connection) as ctx:
            _timed(getters[name], url)
        results.append(
            {
                "page": name,
                "url": url if name not in searches else f"POST {url}",
                "median_ms": round(statistics.median(times[name]) * 1000, 2),
                "min_ms": round(min(times[name]) * 1000, 2),
                "queries": len(ctx.captured_queries),
                "sql": [q["sql"] for q in ctx.captured_queries],
                **({"target_ms": SEARCH_TARGET_MS} if name in searches else {}),
            }
        )
    return {
        "database": connection.settings_dict["NAME"],
        "participants": Participant.objects.count(),
        "org": org_slug,
        "org_participants": total,
        "peer_caseload": Participant.objects.filter(Q(assigned_peer=peer)).count(),
        "pages": results,
    }


# --- The report -----------------------------------------------------------------------


def _child(*args: str) -> dict:
    """Runs this script in a subprocess; its last stdout line is JSON."""
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), *args],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    if proc.returncode != 0:
        sys.stdout.write(proc.stdout)
        raise SystemExit(f"bench: `{' '.join(args[:2])}` failed (exit {proc.returncode})")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def report(big: dict, small: dict, seeding: dict) -> list[dict]:
    floor = next(p for p in big["pages"] if p["page"] == "floor")["median_ms"]
    small_by_page = {p["page"]: p for p in small["pages"]}
    rows = []
    for p in big["pages"]:
        q_small = small_by_page[p["page"]]["queries"]
        ratio = p["median_ms"] / floor
        fast = p["median_ms"] < p["target_ms"] if "target_ms" in p else ratio <= MAX_RATIO
        ok = fast and p["queries"] == q_small
        rows.append(
            {
                "page": p["page"],
                "url": p["url"],
                "median_ms": p["median_ms"],
                "ratio": round(ratio, 2),
                "queries_200k": p["queries"],
                "queries_1k": q_small,
                "median_ms_1k": small_by_page[p["page"]]["median_ms"],
                "result": "PASS" if ok else "FAIL",
            }
        )
    header = ("page", "median ms", "x floor", "queries 200k", "queries 1k", "ms at 1k", "")
    table = [header] + [
        (
            r["page"],
            f"{r['median_ms']:.1f}",
            f"{r['ratio']:.2f}",
            str(r["queries_200k"]),
            str(r["queries_1k"]),
            f"{r['median_ms_1k']:.1f}",
            r["result"],
        )
        for r in rows
    ]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    print()
    print(
        f"{big['participants']:,} participants in {big['database']} "
        f"(org {big['org']}: {big['org_participants']:,}; peer's caseload "
        f"{big['peer_caseload']}), {small['participants']:,} in {small['database']}; "
        f"median of {RUNS} after {WARMUPS} warm-ups"
    )
    for i, row in enumerate(table):
        print(
            "  ".join(
                cell.ljust(w) if j == 0 else cell.rjust(w)
                for j, (cell, w) in enumerate(zip(row, widths, strict=True))
            ).rstrip()
        )
        if i == 0:
            print("  ".join("-" * w for w in widths))
    print(
        f"Target: every page within {MAX_RATIO:g}x the floor (search: under "
        f"{SEARCH_TARGET_MS} ms), and the same query count at 1k and 200k participants."
    )
    if seeding["seconds"] is not None:
        verdict = "PASS" if seeding["seconds"] < SEED_LIMIT_SECONDS else "FAIL"
        when = "this run" if seeding["seeded"] else f"when seeded, {seeding['at']}"
        print(
            f"Seeding {BIG['participants']:,} participants: {seeding['seconds']:.1f} s "
            f"({when}; target < {SEED_LIMIT_SECONDS} s: {verdict})"
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prepare", metavar="DATABASE_URL")
    parser.add_argument("--orgs", type=int, default=BIG["orgs"])
    parser.add_argument("--participants", type=int, default=BIG["participants"])
    parser.add_argument("--measure", metavar="DATABASE_URL")
    args = parser.parse_args()

    if args.prepare:
        setup_django(args.prepare)
        print(json.dumps(prepare(args.prepare, args.orgs, args.participants)), flush=True)
        return
    if args.measure:
        setup_django(args.measure)
        print(json.dumps(measure()), flush=True)
        return

    big_url, small_url = database_urls()
    seedings = {}
    for url, size in ((big_url, BIG), (small_url, SMALL)):
        ensure_database(url)
        print(
            f"Preparing {_db_name(url)}: {size['participants']:,} participants in "
            f"{size['orgs']} organizations (seed {SEED})...",
            flush=True,
        )
        seeding = _child(
            "--prepare",
            url,
            "--orgs",
            str(size["orgs"]),
            "--participants",
            str(size["participants"]),
        )
        if seeding["seeded"]:
            print(f"  seeded in {seeding['seconds']:.1f} s", flush=True)
        else:
            print("  already seeded: reusing it", flush=True)
        seedings[_db_name(url)] = seeding
    print("Measuring...", flush=True)
    big = _child("--measure", big_url)
    small = _child("--measure", small_url)
    rows = report(big, small, seedings[_db_name(big_url)])
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "seeding": seedings,
                "summary": rows,
                "runs": RUNS,
                "warmups": WARMUPS,
                "large": big,
                "small": small,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"Results: {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
