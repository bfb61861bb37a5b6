"""Outside demo mode, Peerwell refuses to run with email that only prints: the console
backend would write invitation and password reset links into the server's log."""

import os
import secrets
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

from peerwell.core.emailurl import email_settings

CONSOLE = "django.core.mail.backends.console.EmailBackend"
SMTP = "django.core.mail.backends.smtp.EmailBackend"


@pytest.mark.parametrize(
    "backend",
    [
        CONSOLE,
        "django.core.mail.backends.locmem.EmailBackend",
        "django.core.mail.backends.filebased.EmailBackend",
        "django.core.mail.backends.dummy.EmailBackend",
    ],
)
def test_check_refuses_email_that_is_never_delivered(backend):
    with override_settings(DEMO=False, DEBUG=False, EMAIL_BACKEND=backend):
        with pytest.raises(SystemCheckError, match="EMAIL_URL"):
            call_command("check")


@pytest.mark.parametrize("mode", [{"DEMO": True}, {"DEBUG": True}])
def test_demo_and_debug_may_print_email(mode):
    with override_settings(**{"DEMO": False, "DEBUG": False, **mode, "EMAIL_BACKEND": CONSOLE}):
        call_command("check")


def test_check_accepts_smtp():
    with override_settings(DEMO=False, DEBUG=False, EMAIL_BACKEND=SMTP):
        call_command("check")


def test_email_url_gives_smtp_settings():
    assert email_settings("smtp://mailer%40example.org:p%2Fss@mail.example.org:587/?tls=1") == {
        "EMAIL_BACKEND": SMTP,
        "EMAIL_HOST": "mail.example.org",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "mailer@example.org",
        "EMAIL_HOST_PASSWORD": "p/ss",
        "EMAIL_USE_TLS": True,
        "EMAIL_USE_SSL": False,
    }
    implicit = email_settings("smtps://relay.example.org")
    assert implicit["EMAIL_USE_SSL"] and implicit["EMAIL_PORT"] == 465
    assert email_settings("smtp://localhost")["EMAIL_PORT"] == 25


@pytest.mark.parametrize(
    "url", ["console://", "smtp://mail.example.org/?tls=1&ssl=1", "smtp://host:notaport"]
)
def test_email_url_that_cannot_work_is_refused_with_a_clear_message(url):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL"):
        email_settings(url)


def production(tmp_path, **extra):
    """The environment of a production start: secrets, a host, no demo, no debug."""
    from cryptography.fernet import Fernet

    # The test settings put their relaxed values in the environment: leave them out. The
    # database is the data directory's SQLite file whichever database the suite runs on
    # (the suite's PostgreSQL role is a superuser, which the deploy check warns about).
    relaxed = {
        "DEBUG",
        "PEERWELL_DEMO",
        "EMAIL_URL",
        "EMAIL_BACKEND",
        "SECURE_COOKIES",
        "DATABASE_URL",
    }
    env = {k: v for k, v in os.environ.items() if k not in relaxed}
    env.update(
        DJANGO_SETTINGS_MODULE="peerwell.settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        FIELD_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
        ALLOWED_HOSTS="peerwell.example.org",
        PEERWELL_DATA_DIR=str(tmp_path),
        **extra,
    )
    command = [sys.executable, "-m", "peerwell.cli", "check", "--deploy", "--fail-level", "WARNING"]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)


def test_production_start_without_email_is_refused_and_with_email_url_passes(tmp_path):
    refused = production(tmp_path)
    assert refused.returncode != 0
    assert "EMAIL_URL" in refused.stderr
    configured = production(tmp_path, EMAIL_URL="smtp://mailer:secret@mail.example.org:587/?tls=1")
    assert configured.returncode == 0, configured.stderr
