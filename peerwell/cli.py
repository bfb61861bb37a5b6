"""The `peerwell` command: manage.py, plus `peerwell demo` (what `make run` calls)."""

import os
import sys
from pathlib import Path

# Written by `peerwell demo` into its data directory once the demo is installed there.
DEMO_MARKER = "demo-install"
# The generated secrets demo mode keeps beside the database (settings._demo_secret).
DEMO_KEY_FILES = ("secret_key", "field_encryption_key")
# Any of these says the operator is configuring a deployment: then nothing is taken
# from a demo install, and settings refuse to start without the real secrets.
PRODUCTION_SETTINGS = (
    "PEERWELL_DEMO",  # set either way, it is the operator's choice
    "DATABASE_URL",
    "SECRET_KEY",
    "SECRET_KEY_FILE",
    "FIELD_ENCRYPTION_KEYS",
    "FIELD_ENCRYPTION_KEYS_FILE",
    "EMAIL_URL",
    "EMAIL_URL_FILE",
    "EMAIL_BACKEND",
    "EMAIL_HOST",
)


def data_dir(environ) -> Path:
    """The data directory as settings find it."""
    return Path(environ.get("PEERWELL_DATA_DIR", "data"))


def uses_demo_install(environ) -> bool:
    """Whether a command runs against the demo that `make run` installed: no production
    setting is given and the data directory holds a demo install with its keys. Then
    `peerwell rotate_keys`, `seed` and the others use the demo's database and keys, as
    `peerwell demo` does, with no variables to set."""
    if any(environ.get(name) for name in PRODUCTION_SETTINGS):
        return False
    here = data_dir(environ)
    return all((here / name).is_file() for name in (DEMO_MARKER, *DEMO_KEY_FILES))


def main() -> None:
    argv = list(sys.argv)
    demo_command = len(argv) > 1 and argv[1] in {"demo", "demo_code"}
    if demo_command or uses_demo_install(os.environ):
        # Demo mode must be on before settings load: it generates (or reads back) the
        # demo's secrets in the data directory.
        os.environ.setdefault("PEERWELL_DEMO", "1")
        # The demo writes its database, keys and data directory for this user alone, and
        # the server it starts inherits the same mask.
        os.umask(0o077)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerwell.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
