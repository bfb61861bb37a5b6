"""The `peerwell` command: manage.py, plus `peerwell demo` (what `make run` calls)."""

import os
import sys


def main() -> None:
    argv = list(sys.argv)
    if len(argv) > 1 and argv[1] in {"demo", "demo_code"}:
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
