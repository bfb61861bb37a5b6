"""System checks: what Peerwell refuses to run with outside demo mode."""

from django.conf import settings
from django.core.checks import Error, register

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
