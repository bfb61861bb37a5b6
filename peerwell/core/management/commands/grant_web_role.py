from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from peerwell.core.database_roles import WebRoleError, grant_web_role


class Command(BaseCommand):
    help = (
        "Gives the web process's PostgreSQL role exactly what it needs on Peerwell's "
        "tables, and takes back anything more. Run it as the owner role; `migrate` does "
        "the same when DATABASE_WEB_ROLE is set."
    )

    def add_arguments(self, parser):
        parser.add_argument("role", nargs="?", help="the web role (default: DATABASE_WEB_ROLE)")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, role=None, database=DEFAULT_DB_ALIAS, **options):
        role = role or settings.DATABASE_WEB_ROLE
        if not role:
            raise CommandError("Name the web role, or set DATABASE_WEB_ROLE.")
        try:
            granted = grant_web_role(connection=connections[database], role=role)
        except WebRoleError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{role} may now read and write {len(granted['read and write'])} tables, "
            f"read and add to {', '.join(granted['read and add'])} (append-only), "
            f"read {', '.join(granted['read'])}, and use {len(granted['sequences'])} "
            "sequences. It owns no table."
        )
