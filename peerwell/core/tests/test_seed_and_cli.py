import base64
import os
import re
import sqlite3
import stat
import subprocess
import sys
import time
from contextlib import closing

import pytest
from django.core.management import CommandError, call_command
from django_otp.oath import totp

from peerwell.core.seeding import seed
from peerwell.orgs.models import Organization, User
from peerwell.participants.models import Participant

pytestmark = pytest.mark.django_db


def snapshot(orgs):
    return [
        (
            p.first_name,
            p.last_name,
            p.date_of_birth,
            str(p.phone),
            p.language,
            p.notes,
            p.assigned_peer.full_name if p.assigned_peer else None,
        )
        for p in Participant.objects.filter(organization__in=orgs)
        .select_related("assigned_peer")
        .order_by("id")
    ]


def test_seed_is_deterministic_for_a_seed():
    first = seed(orgs=2, participants=60, seed=11, progress=False, prefix="a")
    second = seed(orgs=2, participants=60, seed=11, progress=False, prefix="b")
    third = seed(orgs=2, participants=60, seed=12, progress=False, prefix="c")
    assert snapshot(first.organizations) == snapshot(second.organizations)
    assert snapshot(first.organizations) != snapshot(third.organizations)
    assert first.participants == 60
    languages = {row[4] for row in snapshot(first.organizations)}
    assert {"en", "es"} <= languages


def test_seed_command_refuses_to_repeat_a_seed(capsys):
    call_command("seed", orgs=1, participants=5, seed=3, no_progress=True)
    assert "Seeded 1 organizations" in capsys.readouterr().out
    assert Organization.objects.count() == 1 and User.objects.filter(role="peer").exists()
    with pytest.raises(CommandError, match="already in this database"):
        call_command("seed", orgs=1, participants=5, seed=3, no_progress=True)


def test_seed_command_rejects_nonsense_counts():
    with pytest.raises(CommandError, match="--orgs must be at least 1"):
        call_command("seed", orgs=0, participants=5, no_progress=True)


def test_peerwell_demo_prepares_once_and_prints_logins(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "DATABASE_URL"}
    }
    env.update(PEERWELL_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="peerwell.settings")
    cmd = [sys.executable, "-m", "peerwell.cli", "demo", "--no-serve"]
    first = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    assert "Loading demo data" in first.stdout
    assert "peer@demo.peerwell.org" in first.stdout and "TOTP secret" in first.stdout
    assert (tmp_path / "peerwell.sqlite3").exists() and (tmp_path / "field_encryption_key").exists()
    second = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert second.returncode == 0 and "Loading demo data" not in second.stdout
    assert first.stdout.split("Demo sign-ins")[1] == second.stdout.split("Demo sign-ins")[1]
    # The README's way to sign in without an authenticator app: the printed secret's code.
    code = [sys.executable, "-m", "peerwell.cli", "demo_code", "peer@demo.peerwell.org"]
    answer = subprocess.run(code, env=env, capture_output=True, text=True, timeout=60)
    assert answer.returncode == 0, answer.stderr
    secret = re.search(r"peer@demo\.peerwell\.org\s+TOTP secret (\w+)", first.stdout).group(1)
    key = base64.b32decode(secret)
    now = int(time.time())
    expected = {f"{totp(key, t0=now - at):06d}" for at in (now, now - 30)}
    assert answer.stdout.strip() in expected


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_peerwell_demo_keeps_its_database_and_keys_private(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "DATABASE_URL"}
    }
    data = tmp_path / "data"
    env.update(PEERWELL_DATA_DIR=str(data), DJANGO_SETTINGS_MODULE="peerwell.settings")
    cmd = [sys.executable, "-m", "peerwell.cli", "demo", "--no-serve"]
    # Under the usual umask, which leaves new files readable by everyone.
    run = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=180, umask=0o022)
    assert run.returncode == 0, run.stderr
    database = data / "peerwell.sqlite3"
    assert mode(data) == 0o700
    for private in (database, data / "secret_key", data / "field_encryption_key"):
        assert mode(private) == 0o600, private.name
    # The server's connections add the WAL and shared-memory files beside the database.
    with closing(sqlite3.connect(database)) as db:
        db.execute("SELECT count(*) FROM django_migrations").fetchone()
        for extra in ("peerwell.sqlite3-wal", "peerwell.sqlite3-shm"):
            assert mode(data / extra) == 0o600, extra
    # A data directory an earlier version left readable is closed on the next run.
    data.chmod(0o755)
    database.chmod(0o644)
    again = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120, umask=0o022)
    assert again.returncode == 0, again.stderr
    assert mode(data) == 0o700 and mode(database) == 0o600
