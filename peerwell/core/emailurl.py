"""EMAIL_URL, one setting for outgoing email: smtp://user:password@host:587/?tls=1.

`smtps://` (or `?ssl=1`) is SMTP over TLS from the start, port 465 by default; `?tls=1`
is STARTTLS, port 587 by default; plain `smtp://` uses port 25. Percent-encode an `@`,
`:` or `/` in the user or password. Small enough not to need a library."""

from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
YES = {"1", "true", "yes", "on"}


def email_settings(url: str) -> dict:
    """The Django EMAIL_* settings that `url` describes."""
    parts = urlsplit(url)
    if parts.scheme not in {"smtp", "smtps"}:
        raise ImproperlyConfigured(
            "EMAIL_URL must start with smtp:// or smtps://, e.g. "
            "smtp://user:password@mail.example.org:587/?tls=1"
        )
    query = {key: values[-1].lower() for key, values in parse_qs(parts.query).items()}
    use_ssl = parts.scheme == "smtps" or query.get("ssl") in YES
    use_tls = query.get("tls") in YES
    if use_ssl and use_tls:
        raise ImproperlyConfigured("EMAIL_URL: choose tls (STARTTLS) or ssl, not both.")
    try:
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured("EMAIL_URL: the port must be a number.") from None
    return {
        "EMAIL_BACKEND": SMTP_BACKEND,
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": port or (465 if use_ssl else 587 if use_tls else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": use_tls,
        "EMAIL_USE_SSL": use_ssl,
    }
