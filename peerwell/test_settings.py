"""Settings for the test suite: the real settings, with throw-away secrets and fast hashing."""

import os
import tempfile

from cryptography.fernet import Fernet

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-0123456789")
# Two keys, so every test exercises rotation: new values use the first.
os.environ.setdefault(
    "FIELD_ENCRYPTION_KEYS", f"{Fernet.generate_key().decode()},{Fernet.generate_key().decode()}"
)
os.environ.setdefault("SECURE_COOKIES", "0")
os.environ.setdefault("PEERWELL_DATA_DIR", tempfile.mkdtemp(prefix="peerwell-test-"))

from peerwell.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# The real loggers and filters, without printing to the console.
LOGGING = {**LOGGING, "root": {}}  # noqa: F405
# The test runner's flush lifts the append-only guards around emptying the tables.
INSTALLED_APPS = [*INSTALLED_APPS, "peerwell.testharness"]  # noqa: F405
# Links made outside a request (`peerwell add_funder`) point at the test client's host.
SITE_URL = "http://testserver"
# Tasks run as they are enqueued, so a test sees their effect at once; the worker's own
# tests switch to the database backend.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
