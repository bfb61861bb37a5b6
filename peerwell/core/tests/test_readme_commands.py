"""The commands the README lists work right after `make run`, with no variable set: each
runs in a clean environment against the demo that `peerwell demo` installed. The list is
read from the README, so a command added there is covered here too."""

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[3] / "README.md"
PEERWELL = Path(sys.executable).parent / "peerwell"
# The README's placeholders, filled as a reader would.
PLACEHOLDERS = {"EMAIL": "funder@example.org", "Full Name": "Robin Funder"}
# Counts the README gives for a benchmark-sized run, made small here: every integer
# option but --seed is capped, so `seed --participants 200000` writes a handful.
SMALL = 3


def readme_commands() -> list[str]:
    """Every `.venv/bin/peerwell ...` written as code in the README, once each."""
    found = re.findall(r"`\.venv/bin/peerwell ([^`]+)`", README.read_text())
    return list(dict.fromkeys(found))


def as_run(command: str) -> list[str]:
    words = shlex.split(command)
    words = [PLACEHOLDERS.get(word, word) for word in words]
    for i, word in enumerate(words):
        if word.isdigit() and i and words[i - 1].startswith("--") and words[i - 1] != "--seed":
            words[i] = str(min(int(word), SMALL))
    return [str(PEERWELL), *words]


def clean_environment(home: Path) -> dict:
    """What a new user's shell has: no Peerwell or Django variable at all."""
    return {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8"}


@pytest.fixture(scope="module")
def after_make_run(tmp_path_factory):
    """A directory where `make run` has installed the demo (./data), as `peerwell demo`."""
    here = tmp_path_factory.mktemp("checkout")
    run = subprocess.run(
        [str(PEERWELL), "demo", "--no-serve"],
        cwd=here,
        env=clean_environment(here),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    return here


def test_the_readme_lists_the_everyday_commands():
    names = {shlex.split(command)[0] for command in readme_commands()}
    assert {"demo_code", "seed", "rotate_keys", "mark_inactive", "add_funder"} <= names


@pytest.mark.parametrize("command", readme_commands())
def test_each_readme_command_works_after_make_run(after_make_run, command):
    run = subprocess.run(
        as_run(command),
        cwd=after_make_run,
        env=clean_environment(after_make_run),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, f"`peerwell {command}` failed:\n{run.stderr[-2000:]}"


def test_outside_a_demo_install_commands_still_need_real_settings(tmp_path):
    """A data directory without a demo install (a deployment) gets no generated keys."""
    run = subprocess.run(
        [str(PEERWELL), "mark_inactive"],
        cwd=tmp_path,
        env=clean_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode != 0 and "SECRET_KEY must be set" in run.stderr
    assert not (tmp_path / "data" / "secret_key").exists()


@pytest.mark.parametrize(
    "setting",
    [
        {"FIELD_ENCRYPTION_KEYS": "a-deployment-key"},
        {"DATABASE_URL": "postgres://peerwell@127.0.0.1:1/peerwell"},
        {"PEERWELL_DEMO": "0"},
    ],
)
def test_any_production_setting_turns_the_demo_keys_off(after_make_run, setting):
    """Once the operator sets up a deployment, a demo's keys beside it are never used:
    settings refuse to start without a SECRET_KEY of its own."""
    run = subprocess.run(
        [str(PEERWELL), "mark_inactive"],
        cwd=after_make_run,
        env={**clean_environment(after_make_run), **setting},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode != 0 and "SECRET_KEY must be set" in run.stderr
