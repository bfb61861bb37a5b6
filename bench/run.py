"""`make bench`: server time of every page against the framework floor, on PostgreSQL
with 200,000 participants and two years of their activity (about ten million contacts),
query counts at that size and at 1,000 participants, and search on the embedded default
(SQLite, 20,000 participants).

    .venv/bin/python bench/run.py                  # everything: prepare, measure, report
    .venv/bin/python bench/run.py --prepare URL --orgs 50 --participants 200000
    .venv/bin/python bench/run.py --measure URL    # one database, JSON on stdout
    .venv/bin/python bench/run.py --checkins-only  # the floor and the check-in rows only
    .venv/bin/python bench/run.py --plans-only     # the floor, plan and assessment rows only
    .venv/bin/python bench/run.py --community-only # the floor and the community rows only
    .venv/bin/python bench/run.py --measure URL --directory-only  # directory search rows

URL is a PostgreSQL URL, or `sqlite` for the embedded default in data/bench/sqlite/.
The parent process never imports Django: each database gets its own subprocess, so
Django is set up once per database. See bench/README.md.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import checkin_rows
import report

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("BENCH_DATA_DIR", ROOT / "data" / "bench"))
KEY_FILE = DATA_DIR / "field_encryption_key"
RESULTS = ROOT / "bench" / "results" / "latest.json"

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/peerwell_bench"
SQLITE = "sqlite"
SEED = 7
PREFIX = "bench"
BIG = {"orgs": 50, "participants": 200_000}
SMALL = {"orgs": 2, "participants": 1_000}
EMBEDDED = {"orgs": 5, "participants": 20_000}
# Two years of activity: about ten million contacts at 200,000 participants.
CONTACTS_PER_PARTICIPANT = 50
# Everyone with a phone enrolled in check-ins (the seed's default is 40% of the active):
# about as many enrolments as participants, for the day's calls of 200,000 enrolments.
CHECKIN_SHARE = 1.0
SEED_LIMIT_SECONDS = 15 * 60


# --- Databases (psycopg only, before Django) -----------------------------------------


def database_urls() -> tuple[str, str]:
    big = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    small = os.environ.get("BENCH_SMALL_DATABASE_URL")
    if not small:
        parts = urlsplit(big)
        small = urlunsplit(parts._replace(path=parts.path.rstrip("/") + "_small"))
    return big, small


def _db_name(url: str) -> str:
    return SQLITE if url == SQLITE else urlsplit(url).path.lstrip("/")


def ensure_database(url: str) -> None:
    """CREATE DATABASE when missing, through the server's `postgres` database."""
    if url == SQLITE:
        return
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
    os.environ["SECRET_KEY"] = "bench-only-secret-key-not-for-production-7f3a9c1e5b2d"
    os.environ["FIELD_ENCRYPTION_KEYS"] = field_key()
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["SECURE_COOKIES"] = "0"
    os.environ["DJANGO_SETTINGS_MODULE"] = "peerwell.settings"
    if url == SQLITE:
        # The embedded default exactly as `make run` configures it (WAL, busy timeout).
        os.environ.pop("DATABASE_URL", None)
        os.environ["PEERWELL_DATA_DIR"] = str(DATA_DIR / SQLITE)
    else:
        os.environ["DATABASE_URL"] = url
        os.environ["PEERWELL_DATA_DIR"] = str(DATA_DIR)
    for name in ("DEBUG", "PEERWELL_DEMO"):
        os.environ.pop(name, None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def prepare(url: str, orgs: int, participants: int, per_participant: int) -> dict:
    """Migrate, then seed unless this seed is already there. Returns what happened."""
    from django.core.management import call_command
    from django.db import connection

    from peerwell.core.seeding import seed
    from peerwell.orgs.models import Organization

    call_command("migrate", verbosity=0)
    slugs = {f"{PREFIX}-{SEED}-{i + 1}" for i in range(orgs)}
    present = Organization.objects.filter(slug__startswith=f"{PREFIX}-{SEED}-").count()
    if present:
        if present != orgs or Organization.objects.filter(slug__in=slugs).count() != orgs:
            raise SystemExit(
                f"{_db_name(url)} holds {present} '{PREFIX}-{SEED}-*' organizations, expected "
                f"{orgs}: drop it (dropdb -h 127.0.0.1 -U postgres {_db_name(url)}, or remove "
                f"data/bench/sqlite) and rerun."
            )
        previous = _seed_record(url)
        kept = ("seconds", "at", "load", "rows", "top_ups")
        done = {"seeded": False} | {k: previous.get(k) for k in kept}
        top_up = _top_up(slugs)
        if top_up:
            done["topped_up"] = top_up
            previous.setdefault("top_ups", []).append(top_up)
            done["top_ups"] = previous["top_ups"]
            _seed_record_path(url).write_text(json.dumps(previous))
        return done
    started = time.perf_counter()
    # One transaction (seed's own): an interrupted seed leaves nothing, the next run retries.
    result = seed(
        orgs=orgs,
        participants=participants,
        seed=SEED,
        contacts_per_participant=per_participant,
        checkin_share=CHECKIN_SHARE,
        progress=True,
        prefix=PREFIX,
    )
    seconds = time.perf_counter() - started
    # The machine is shared: the load average says how much of it the seed had.
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    # What autovacuum would do shortly anyway: planner statistics and the visibility map.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)" if connection.vendor == "postgresql" else "ANALYZE")
    done = {
        "seeded": True,
        "seconds": round(seconds, 1),
        "at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "load": load,
        "rows": result.rows,
    }
    _seed_record_path(url).write_text(json.dumps(done))
    return done


def _top_up(slugs: set[str]) -> dict | None:
    """Wellness plans, assessments, referrals, the community and the resource directory,
    for a bench database seeded before they existed: plans, referrals and the community
    added to its organizations that have none (seeding.plans, seeding.referrals and
    seeding.community), the directory when it is empty
    (seeding.directory), without reseeding the rest. None when there was nothing to add."""
    from django.db import connection, transaction
    from django.utils import timezone

    from peerwell.core.seeding import community, referrals
    from peerwell.core.seeding.directory import seed_directory, service_count
    from peerwell.core.seeding.plans import seed_plans, tables
    from peerwell.navigation.models import Service
    from peerwell.orgs.models import Organization
    from peerwell.participants.models import Participant

    started = time.perf_counter()
    orgs = list(Organization.objects.filter(slug__in=slugs).order_by("pk"))
    rows = seed_plans(orgs, seed=SEED)
    rows.update(referrals.seed_referrals(orgs, seed=SEED))
    rows.update(community.seed_community(orgs, seed=SEED))
    vacuumed = [table.table for table in [*tables().values(), referrals.table()]]
    vacuumed += [t.table for t in community.Tables().all] + ["community_event"]
    if not Service.objects.exists():
        people = Participant.objects.filter(organization__in=orgs).count()
        with transaction.atomic():
            rows.update(
                seed_directory(
                    services=service_count(people),
                    seed=SEED,
                    prefix=PREFIX,
                    today=timezone.localdate(),
                )
            )
        vacuumed += [f"navigation_{name}" for name in ("service", "location", "openperiod")]
    if not any(rows.values()):
        return None
    seconds = time.perf_counter() - started
    vacuum = "VACUUM (ANALYZE)" if connection.vendor == "postgresql" else "ANALYZE"
    with connection.cursor() as cursor:
        for table in vacuumed:
            cursor.execute(f"{vacuum} {connection.ops.quote_name(table)}")
    return {
        "seconds": round(seconds, 1),
        "at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "load": " ".join(f"{x:.1f}" for x in os.getloadavg()),
        "rows": rows,
    }


def _seed_record_path(url: str) -> Path:
    return DATA_DIR / f"seeded-{_db_name(url)}.json"


def _seed_record(url: str) -> dict:
    """How long seeding took when this database was seeded (kept for later runs)."""
    try:
        return json.loads(_seed_record_path(url).read_text())
    except (OSError, ValueError):
        return {}


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


def _prepare_child(url: str, size: dict) -> dict:
    ensure_database(url)
    print(
        f"Preparing {_db_name(url)}: {size['participants']:,} participants in "
        f"{size['orgs']} organizations, about {CONTACTS_PER_PARTICIPANT} contacts each "
        f"(seed {SEED})...",
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
    if seeding.get("topped_up"):
        top_up = seeding["topped_up"]
        rows = ", ".join(f"{n:,} {name.replace('_', ' ')}" for name, n in top_up["rows"].items())
        print(f"  topped up with {rows} in {top_up['seconds']:.1f} s", flush=True)
    return seeding


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prepare", metavar="DATABASE_URL")
    parser.add_argument("--orgs", type=int, default=BIG["orgs"])
    parser.add_argument("--participants", type=int, default=BIG["participants"])
    parser.add_argument("--contacts-per-participant", type=int, default=CONTACTS_PER_PARTICIPANT)
    parser.add_argument("--measure", metavar="DATABASE_URL")
    parser.add_argument("--search-only", action="store_true", help="with --measure")
    parser.add_argument(
        "--directory-only",
        action="store_true",
        help="with --measure: the directory search rows only, on any seeded database",
    )
    parser.add_argument(
        "--checkins-only",
        action="store_true",
        help="the floor, generate_calls and the check-in pages only (both PostgreSQL sizes)",
    )
    parser.add_argument(
        "--plans-only",
        action="store_true",
        help="the floor and the wellness plan and assessment pages only (both PostgreSQL sizes)",
    )
    parser.add_argument(
        "--referrals-only",
        action="store_true",
        help="the floor and the referral pages only (both PostgreSQL sizes)",
    )
    parser.add_argument(
        "--community-only",
        action="store_true",
        help="the floor and the community pages only (both PostgreSQL sizes)",
    )
    parser.add_argument("--runs", type=int, default=None, help="with --measure")
    parser.add_argument("--warmups", type=int, default=None, help="with --measure")
    args = parser.parse_args()

    if args.prepare:
        setup_django(args.prepare)
        done = prepare(args.prepare, args.orgs, args.participants, args.contacts_per_participant)
        print(json.dumps(done), flush=True)
        return
    if args.measure:
        setup_django(args.measure)
        import measure

        options = {k: v for k, v in (("runs", args.runs), ("warmups", args.warmups)) if v}
        if args.directory_only:
            print(json.dumps(measure.measure_directory(**options)), flush=True)
            return
        only = {
            "search_only": args.search_only,
            "checkins_only": args.checkins_only,
            "plans_only": args.plans_only,
            "referrals_only": args.referrals_only,
            "community_only": args.community_only,
        }
        print(json.dumps(measure.measure(**only, **options)), flush=True)
        return

    import measure  # constants only: Django is never set up in this process

    big_url, small_url = database_urls()
    if args.checkins_only:
        checkins_only(big_url, small_url)
        return
    if args.plans_only:
        plans_only(big_url, small_url)
        return
    if args.referrals_only:
        referrals_only(big_url, small_url)
        return
    if args.community_only:
        only_rows(big_url, small_url, "--community-only", "community")
        return
    seedings = {
        "big": _prepare_child(big_url, BIG),
        "small": _prepare_child(small_url, SMALL),
        "embedded": _prepare_child(SQLITE, EMBEDDED),
    }
    print("Measuring...", flush=True)
    big = _child("--measure", big_url)
    small = _child("--measure", small_url)
    embedded = _child("--measure", SQLITE, "--search-only")
    rows = report.pages(big, small, runs=measure.RUNS, warmups=measure.WARMUPS)
    checkin_rows.report(big, small)
    print(
        f"Target: every page within {report.MAX_RATIO:g}x the floor (search: under "
        f"{measure.SEARCH_TARGET_MS} ms), and the same query count at both sizes."
    )
    search_rows = report.search(embedded, runs=measure.RUNS)
    print()
    report.seeding(_db_name(big_url), "200,000 participants", seedings["big"], SEED_LIMIT_SECONDS)
    report.seeding("sqlite", "20,000 participants", seedings["embedded"], SEED_LIMIT_SECONDS)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "seeding": seedings,
                "summary": rows,
                "search_sqlite": search_rows,
                "runs": measure.RUNS,
                "warmups": measure.WARMUPS,
                "large": big,
                "small": small,
                "embedded": embedded,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"Results: {RESULTS.relative_to(ROOT)}")


def checkins_only(big_url: str, small_url: str) -> None:
    """The check-in rows at both sizes, without the rest of the bench (quicker)."""
    import measure

    seedings = {"big": _prepare_child(big_url, BIG), "small": _prepare_child(small_url, SMALL)}
    print("Measuring the check-in rows...", flush=True)
    big = _child("--measure", big_url, "--checkins-only")
    small = _child("--measure", small_url, "--checkins-only")
    report.pages(big, small, runs=measure.RUNS, warmups=measure.WARMUPS)
    checkin_rows.report(big, small)
    print()
    report.seeding(_db_name(big_url), "200,000 participants", seedings["big"], SEED_LIMIT_SECONDS)
    out = RESULTS.with_name("checkins.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"seeding": seedings, "large": big, "small": small}, indent=2))
    print(f"Results: {out.relative_to(ROOT)}")


def plans_only(big_url: str, small_url: str) -> None:
    """The wellness plan and assessment rows at both sizes, without the rest (quicker)."""
    import measure

    seedings = {"big": _prepare_child(big_url, BIG), "small": _prepare_child(small_url, SMALL)}
    print("Measuring the plan and assessment rows...", flush=True)
    big = _child("--measure", big_url, "--plans-only")
    small = _child("--measure", small_url, "--plans-only")
    report.pages(big, small, runs=measure.RUNS, warmups=measure.WARMUPS)
    out = RESULTS.with_name("plans.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"seeding": seedings, "large": big, "small": small}, indent=2))
    print(f"Results: {out.relative_to(ROOT)}")


def referrals_only(big_url: str, small_url: str) -> None:
    """The referral rows at both sizes, without the rest (quicker)."""
    import measure

    seedings = {"big": _prepare_child(big_url, BIG), "small": _prepare_child(small_url, SMALL)}
    print("Measuring the referral rows...", flush=True)
    big = _child("--measure", big_url, "--referrals-only")
    small = _child("--measure", small_url, "--referrals-only")
    report.pages(big, small, runs=measure.RUNS, warmups=measure.WARMUPS)
    out = RESULTS.with_name("referrals.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"seeding": seedings, "large": big, "small": small}, indent=2))
    print(f"Results: {out.relative_to(ROOT)}")


def only_rows(big_url: str, small_url: str, flag: str, name: str) -> None:
    """One module's rows at both sizes, without the rest of the bench (quicker)."""
    import measure

    seedings = {"big": _prepare_child(big_url, BIG), "small": _prepare_child(small_url, SMALL)}
    print(f"Measuring the {name} rows...", flush=True)
    big = _child("--measure", big_url, flag)
    small = _child("--measure", small_url, flag)
    report.pages(big, small, runs=measure.RUNS, warmups=measure.WARMUPS)
    out = RESULTS.with_name(f"{name}.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"seeding": seedings, "large": big, "small": small}, indent=2))
    print(f"Results: {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
