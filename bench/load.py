"""Load check of the embedded default: `peerwell demo`'s server on SQLite, under many
signed-in staff at once.

    .venv/bin/python bench/load.py [--clients 50] [--seconds 180] [--participants 20000]

Seeds a SQLite database in `data/load` (once; reused afterwards), signs in one peer
specialist per client, starts the server exactly as `peerwell demo` does, and runs the
clients for the given time: a fifth of their actions log a contact, the rest search by
name (two in five), open the caseload or open a participant of it. Prints the median and
95th percentile per action, every 5xx, and whether each contact the server said it
logged is in the database exactly once. Exits 1 on a 5xx or a lost or duplicated write.
"""

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
SEED = 11
# Marks the contacts this check logs (notes are encrypted, the place is not).
LOAD_PLACE = "Load check"


def setup_environment(data_dir: Path) -> dict:
    """Demo mode on a private data directory: the settings the server will use too."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        PEERWELL_DEMO="1",
        PEERWELL_DATA_DIR=str(data_dir),
        DJANGO_SETTINGS_MODULE="peerwell.settings",
    )
    os.environ.clear()
    os.environ.update(env)
    return env


def prepare(participants: int, clients: int):
    """Migrates and seeds once, then returns (session cookies, the caseload ids of each
    client, search terms). Sessions are signed in with the second factor done."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from peerwell import testing
    from peerwell.core.seeding import seed
    from peerwell.orgs.models import Authenticator, Role, User
    from peerwell.participants.models import Participant

    call_command("migrate", interactive=False, verbosity=0)
    if not Participant.objects.filter(organization__slug__startswith="load-").exists():
        print(f"Seeding {participants:,} participants (first run only)...", flush=True)
        started = time.monotonic()
        seed(orgs=2, participants=participants, seed=SEED, progress=False, prefix="load")
        print(f"  seeded in {time.monotonic() - started:.0f} s", flush=True)
    peers = list(
        User.objects.filter(
            organization__slug__startswith="load-", role=Role.PEER, caseload__isnull=False
        )
        .distinct()
        .order_by("organization_id", "id")[:clients]
    )
    sessions, caseloads = [], []
    for i in range(clients):
        peer = peers[i % len(peers)]
        Authenticator.objects.get_or_create(
            user=peer, name="default", defaults={"confirmed": True, "key": "00" * 20}
        )
        client = Client()
        testing.sign_in(client, peer)
        sessions.append(client.cookies["sessionid"].value)
        caseloads.append(
            list(Participant.objects.caseload_of(peer).values_list("id", flat=True)[:50])
        )
    names = list(
        Participant.objects.filter(organization__slug__startswith="load-")
        .order_by("?")
        .values_list("first_name", "last_name")[:500]
    )
    terms = []
    for first, last in names:
        terms += [last, f"{first} {last}", first[:3], last[:-1] + last[-1] * 2]
    return sessions, caseloads, terms


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(env: dict, port: int, log: Path) -> subprocess.Popen:
    """`peerwell demo`, as `make run` starts it: the same gunicorn options."""
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "peerwell"), "demo"],
        env={**env, "PORT": str(port)},
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        cwd=ROOT,
    )
    for _ in range(600):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            if server.poll() is not None:
                sys.exit(f"The server stopped; see {log}")
            time.sleep(0.1)
    server.terminate()
    sys.exit("The server did not start within a minute.")


class Visitor:
    """One signed-in member of staff on one keep-alive connection."""

    def __init__(self, port, session, caseload, terms, rng):
        self.port, self.caseload, self.terms, self.rng = port, caseload, terms, rng
        self.cookies = {"sessionid": session}
        self.connection = None
        self.timings = defaultdict(list)
        self.errors = []  # (action, status or exception)
        self.logged = 0  # contacts the server answered with a redirect

    def request(self, method, path, body=None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            body = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
            headers["Origin"] = f"http://127.0.0.1:{self.port}"
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                content = response.read()
                break
            except (ConnectionError, http.client.HTTPException):
                # A connection the server closed between requests: a reset a client sees.
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    raise
                self.errors.append((method + " " + path.split("?")[0], "connection reset"))
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";")[0]
        return response.status, response.getheader("Location"), content

    def timed(self, action, method, path, body=None, *, expect=(200,)):
        started = time.perf_counter()
        try:
            status, location, content = self.request(method, path, body)
            if status in (302, 303) and method == "POST" and action == "search":
                # The search answers with a redirect to its results page.
                status, location, content = self.request("GET", location)
        except Exception as error:  # noqa: BLE001 - reported, not raised
            self.errors.append((action, repr(error)))
            return None
        self.timings[action].append(time.perf_counter() - started)
        if status not in expect:
            self.errors.append((action, status))
        return status

    def run(self, deadline):
        self.timed("search page", "GET", "/search/")  # sets the CSRF cookie
        while time.monotonic() < deadline:
            roll = self.rng.random()
            participant = self.rng.choice(self.caseload)
            if roll < 0.2:
                status = self.timed(
                    "log a contact",
                    "POST",
                    f"/participants/{participant}/log/",
                    {
                        "kind": "check_in",
                        "support": "emotional",
                        "contact_date": date.today().isoformat(),
                        "duration_minutes": "15",
                        "mode": "phone",
                        "place": LOAD_PLACE,
                        "notes": "Talked about the week ahead.",
                    },
                    expect=(302,),
                )
                self.logged += status == 302
            elif roll < 0.6:
                self.timed("search", "POST", "/search/", {"q": self.rng.choice(self.terms)})
            elif roll < 0.8:
                self.timed("caseload", "GET", "/participants/mine/")
            else:
                self.timed("participant", "GET", f"/participants/{participant}/")


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def count_load_contacts() -> int:
    from peerwell.contacts.models import Contact

    return Contact.objects.filter(organization__slug__startswith="load-", place=LOAD_PLACE).count()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=180)
    parser.add_argument("--participants", type=int, default=20_000)
    parser.add_argument("--data-dir", type=Path, default=ROOT / "data" / "load")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    args.data_dir.mkdir(parents=True, exist_ok=True)
    env = setup_environment(args.data_dir)
    sessions, caseloads, terms = prepare(args.participants, args.clients)
    before = count_load_contacts()
    port = free_port()
    server = start_server(env, port, args.data_dir / "server.log")
    visitors = [
        Visitor(port, s, c, terms, random.Random(i))
        for i, (s, c) in enumerate(zip(sessions, caseloads, strict=True))
    ]
    print(f"{args.clients} signed-in clients for {args.seconds} s...", flush=True)
    deadline = time.monotonic() + args.seconds
    threads = [threading.Thread(target=v.run, args=(deadline,)) for v in visitors]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        server.terminate()
        server.wait(timeout=60)
    timings, errors = defaultdict(list), []
    for v in visitors:
        for action, values in v.timings.items():
            timings[action] += values
        errors += v.errors
    logged = sum(v.logged for v in visitors)
    written = count_load_contacts() - before
    figures = {
        action: {
            "requests": len(values),
            "p50_ms": round(statistics.median(values) * 1000),
            "p95_ms": round(percentile(values, 0.95) * 1000),
        }
        for action, values in sorted(timings.items())
    }
    server_errors = [e for e in errors if isinstance(e[1], int) and e[1] >= 500]
    print(f"\n{'action':<16}{'requests':>10}{'p50 ms':>10}{'p95 ms':>10}")
    for action, f in figures.items():
        print(f"{action:<16}{f['requests']:>10}{f['p50_ms']:>10}{f['p95_ms']:>10}")
    print(f"\n5xx answers: {len(server_errors)}; other errors: {len(errors) - len(server_errors)}")
    for action, what in sorted({(a, str(w)) for a, w in errors})[:20]:
        print(f"  {action}: {what}")
    print(f"Contacts logged (redirects): {logged}; new rows in the database: {written}")
    ok = not server_errors and logged == written
    print("PASS" if ok else "FAIL")
    if args.json:
        summary = {"figures": figures, "errors": errors, "logged": logged, "written": written}
        args.json.write_text(json.dumps(summary, indent=2))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
