"""A pytest plugin for `make mutate` only: each test run starts from a private copy of one
SQLite database migrated beforehand, instead of migrating a new in-memory database.

Migrating takes seconds and `make mutate` runs the tests once per mutant, so this is
most of its time. tools/mutate.py makes the migrated database and names it in
PEERWELL_MUTATE_DB; with `--reuse-db` Django then only checks that it is up to date.
"""

import os
import shutil
import tempfile
from pathlib import Path

import pytest


@pytest.hookimpl(trylast=True)
def pytest_configure(config):
    template = os.environ.get("PEERWELL_MUTATE_DB")
    if not template:
        return
    from django.conf import settings

    handle, copy = tempfile.mkstemp(prefix="run-", suffix=".sqlite3", dir=Path(template).parent)
    os.close(handle)
    shutil.copyfile(template, copy)
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = copy
    config.option.reuse_db = True
    config.stash[_copy_key] = copy


def pytest_unconfigure(config):
    copy = config.stash.get(_copy_key, None)
    if copy:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(copy + suffix).unlink(missing_ok=True)


_copy_key = pytest.StashKey[str]()
