"""`peerwell demo`: migrate, load demo data once, print the logins, serve (with the
background worker beside the web server)."""

import base64
import os
import signal
import subprocess
import sys

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from peerwell.cli import DEMO_MARKER
from peerwell.community.demo import load_demo_community
from peerwell.contacts.models import FollowUp
from peerwell.core.seeding import DEMO_PASSWORD, seed
from peerwell.core.seeding.community import seed_community
from peerwell.navigation.demo import load_demo_directory
from peerwell.orgs.actions import new_recovery_codes
from peerwell.orgs.models import Authenticator, Organization, Role, User
from peerwell.participants.models import Assignment, Participant

DEMO_ROLES = [Role.ADMIN, Role.SUPERVISOR, Role.PEER, Role.VOLUNTEER, Role.FUNDER]
# The access log on the terminal, without invitation and reset link tokens.
GUNICORN_LOGGING = [
    "--access-logfile",
    "-",
    "--logger-class",
    "peerwell.core.accesslog.RedactingLogger",
]

# gunicorn closes an idle kept-alive connection after 2 seconds by default, which a
# client or proxy reusing it at that moment sees as a reset. Kept longer than the idle
# timeout of what stands in front (nginx and most load balancers: 60 s), the client side
# always closes first. README, "Serving behind your TLS proxy", says the same.
KEEP_ALIVE_SECONDS = 75
# The threaded worker keeps idle connections without holding a thread; two processes
# use both cores of a small server.
GUNICORN_SERVING = ["--workers", "2", "--threads", "4", "--keep-alive", str(KEEP_ALIVE_SECONDS)]


def gunicorn_command(port: str) -> list[str]:
    """What `peerwell demo` runs once the data is ready."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "peerwell.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        *GUNICORN_SERVING,
        *GUNICORN_LOGGING,
    ]


def worker_command() -> list[str]:
    """The background worker `peerwell demo` starts beside the web server."""
    return [sys.executable, "-m", "peerwell.cli", "worker"]


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def serve_with_worker(server: list[str], worker: list[str]) -> int:
    """Runs the web server and the worker as child processes until the server stops
    (Ctrl-C reaches both; a SIGTERM to this process stops both too), and returns the
    server's exit status. The worker never outlives the server."""
    worker_process = subprocess.Popen(worker)
    server_process = subprocess.Popen(server)
    previous = signal.signal(signal.SIGTERM, lambda *_: server_process.terminate())
    try:
        while True:
            try:
                return server_process.wait()
            except KeyboardInterrupt:
                # The terminal's Ctrl-C reached the server too: let it stop gracefully.
                server_process.terminate()
    finally:
        signal.signal(signal.SIGTERM, previous)
        _stop(server_process)
        _stop(worker_process)


def demo_totp_key(email: str) -> str:
    """A fixed TOTP key per demo user, so a tester's authenticator keeps working across
    runs. Derived from the demo data directory's secret key: never used outside demo mode."""
    import hashlib

    return hashlib.sha256(f"{settings.SECRET_KEY}:{email}".encode()).hexdigest()[:40]


def close_data_dir() -> None:
    """Earlier versions left the data directory and the SQLite files readable by everyone;
    new ones are private from the start (the `peerwell` command's umask)."""
    data_dir = settings.DATA_DIR
    data_dir.chmod(0o700)
    for path in data_dir.glob("peerwell.sqlite3*"):
        path.chmod(0o600)


def mark_demo_install() -> None:
    """Tells the `peerwell` command that this data directory holds a demo, so the other
    commands the README lists use its keys without any variable set (cli.py)."""
    marker = settings.DATA_DIR / DEMO_MARKER
    if not marker.exists():
        marker.write_text("Written by `peerwell demo`: this data directory holds a demo.\n")
        marker.chmod(0o600)


class Command(BaseCommand):
    help = "Run Peerwell with demo data on SQLite (what `make run` calls)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-serve", action="store_true", help="Prepare, print, but don't serve."
        )

    def handle(self, *args, no_serve=False, **options):
        if not settings.DEMO:
            raise CommandError("`peerwell demo` runs only in demo mode (PEERWELL_DEMO=1).")
        close_data_dir()
        call_command("migrate", interactive=False, verbosity=0)
        if not Organization.objects.exists():
            self.stdout.write("Loading demo data (first run only)...")
            self.load()
        mark_demo_install()
        self.print_logins()
        if no_serve:
            return
        port = os.environ.get("PORT", "8000")
        self.stdout.write(
            f"\nPeerwell is running on http://127.0.0.1:{port}  (Ctrl-C stops it)\n"
            "The background worker runs beside it: texts show in this log.\n"
        )
        sys.stdout.flush()
        sys.exit(serve_with_worker(gunicorn_command(port), worker_command()))

    @transaction.atomic
    def load(self):
        result = seed(
            orgs=2,
            participants=300,
            seed=2026,
            contacts_per_participant=20,
            progress=False,
            prefix="demo",
            directory_services=0,  # the demo's own directory instead, below
            community=False,  # the demo's own program of events, below
        )
        # The statewide lines and a few dozen local services, with their open hours.
        load_demo_directory()
        org = result.organizations[0]
        password = make_password(DEMO_PASSWORD)
        for role in DEMO_ROLES:
            email = f"{role}@demo.peerwell.org"
            user = User.objects.create(
                organization=None if role == Role.FUNDER else org,
                role=role,
                email=email,
                password=password,
                full_name=f"Demo {Role(role).label}",
            )
            Authenticator.objects.create(
                user=user, name="default", confirmed=True, key=demo_totp_key(email)
            )
            new_recovery_codes(user)
        # Give the demo peer a caseload of their own, with its history and open follow-ups.
        peer = User.objects.get(email="peer@demo.peerwell.org")
        supervisor = User.objects.get(email="supervisor@demo.peerwell.org")
        # A realistic community week, so the public schedule and its feeds are not empty.
        load_demo_community(org, facilitator=peer)
        # Its last weeks held: sessions and attendance, classes, volunteer hours,
        # certifications and instrumental help; the other organization's whole program.
        seed_community([org], seed=2026, program=False)
        seed_community(result.organizations[1:], seed=2026)
        first = list(
            Participant.objects.filter(organization=org).order_by("id").values_list("id", flat=True)
        )[:25]
        Participant.objects.filter(pk__in=first).update(assigned_peer=peer)
        Assignment.objects.bulk_create(
            Assignment(organization=org, participant_id=pk, peer=peer, assigned_by=supervisor)
            for pk in first
        )
        FollowUp.objects.filter(participant_id__in=first, done_at__isnull=True).update(
            assigned_to=peer
        )

    def print_logins(self):
        self.stdout.write(f"\nDemo sign-ins (demo mode only; password for all: {DEMO_PASSWORD})")
        self.stdout.write(
            "Add the TOTP secret to an authenticator app, or run "
            "`peerwell demo_code EMAIL` for the current code.\n"
        )
        for role in DEMO_ROLES:
            email = f"{role}@demo.peerwell.org"
            secret = base64.b32encode(bytes.fromhex(demo_totp_key(email))).decode()
            self.stdout.write(f"  {Role(role).label:<20} {email:<32} TOTP secret {secret}")
