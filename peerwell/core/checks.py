"""System checks: what Peerwell refuses to run with outside demo mode, and what
`peerwell check --deploy` warns about in a deployment."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.db import DatabaseError, connections

from peerwell.core.database_roles import README_SECTION, app_tables, tables_owned_by

RISK = (
    "it could disable or drop the triggers that keep the audit trail and the accounting "
    "of disclosures append-only."
)
HINT = (
    "Run `peerwell migrate` as an owner role and connect the web process as a role with "
    f"grants only (DATABASE_WEB_ROLE). {README_SECTION}"
)


@register(Tags.security, Tags.database, deploy=True)
def check_database_roles(app_configs, databases=None, **kwargs):
    """On PostgreSQL, warns when Peerwell connects as a superuser or as (a member of)
    the role that owns its tables. `check --deploy` names no database: then every
    configured one is checked, since this check is about them."""
    issues = []
    aliases = list(connections) if databases is None else databases
    for alias in aliases:
        connection = connections[alias]
        if connection.vendor != "postgresql":
            continue
        try:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT rolname, rolsuper FROM pg_roles WHERE rolname = current_user"
                )
                role, superuser = cursor.fetchone()
            owned = [] if superuser else tables_owned_by(connection, role, app_tables(connection))
        except DatabaseError as error:
            issues.append(
                Warning(
                    f"Could not check which role owns the tables of database '{alias}': {error}",
                    hint=HINT,
                    id="peerwell.W003",
                )
            )
            continue
        if superuser:
            message = f"Peerwell connects to database '{alias}' as {role}, a superuser: {RISK}"
            issues.append(Warning(message, hint=HINT, id="peerwell.W001"))
        elif owned:
            shown = ", ".join(owned[:3]) + (", ..." if len(owned) > 3 else "")
            message = (
                f"Peerwell connects to database '{alias}' as {role}, which owns {len(owned)} "
                f"of its tables ({shown}), or belongs to the role that does: {RISK}"
            )
            issues.append(Warning(message, hint=HINT, id="peerwell.W002"))
    return issues


# Backends that never deliver: console and file write invitation and password reset
# links (bearer secrets) into the server's output; locmem and dummy drop them.
UNDELIVERED_EMAIL = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
}


@register("peerwell")
def email_is_delivered(app_configs, **kwargs):
    """Every management command that runs checks (check, migrate, runserver) refuses."""
    if settings.DEMO or settings.DEBUG or settings.EMAIL_BACKEND not in UNDELIVERED_EMAIL:
        return []
    return [
        Error(
            f"Email is not set up: {settings.EMAIL_BACKEND} would never deliver invitation "
            "and password reset links, and the console or file backend writes them where "
            "anyone reading the server's output can use them.",
            hint="Set EMAIL_URL, e.g. smtp://user:password@mail.example.org:587/?tls=1 "
            "(EMAIL_URL_FILE also works). Only demo mode and DEBUG may print email.",
            id="peerwell.E001",
        )
    ]
