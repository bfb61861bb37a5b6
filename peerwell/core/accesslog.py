"""Gunicorn's access log without the tokens that invitation and password reset links
carry, and without the query string of search addresses. The link pages move the token
into the session and redirect at the first request, but that first request line (and
the Referer of anything it loads) has it.

Use with `gunicorn --logger-class peerwell.core.accesslog.RedactingLogger`."""

import re

from gunicorn.glogging import Logger

# /invitations/<token>/ and /accounts/reset/<uidb64>/<token>/, but not the placeholders
# the pages redirect to, which hold no secret.
LINK_TOKEN = re.compile(
    r"(/invitations/|/accounts/reset/[^/\s?#\"]+/)(?!set-up/|set-password/)[^/\s?#\"]+"
)


# Search takes its term in a POST body and shows results at /search/?r=<random key>; a
# query string typed or linked by hand may still hold a name, so none is logged.
SEARCH_QUERY = re.compile(r"(/search/)\?[^\s#\"]*")


def redact(text: str) -> str:
    return SEARCH_QUERY.sub(r"\1?[redacted]", LINK_TOKEN.sub(r"\1[redacted]", text))


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        # Every atom: the request line, the path, the Referer, and any header or environ
        # value a custom log format may name.
        atoms = super().atoms(resp, req, environ, request_time)
        return {k: redact(v) if isinstance(v, str) else v for k, v in atoms.items()}
