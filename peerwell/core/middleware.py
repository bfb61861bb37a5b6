"""Session safety: inactivity log-off, absolute lifetime, the second factor, no-store."""

import time
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

LOGIN_AT = "peerwell_login_at"
LAST_SEEN = "peerwell_last_seen"
# Writing the session on every request costs a query; a minute's precision is enough.
LAST_SEEN_RESOLUTION = 30
# Every signed-in response says how many seconds of inactivity remain, so the warning in
# the browser counts down from the server's deadline (core/static/peerwell/app.js).
IDLE_LEFT_HEADER = "X-Idle-Seconds-Left"


def idle_limit_seconds(user) -> int:
    if user.organization_id:
        return user.organization.idle_timeout_minutes * 60
    return settings.SESSION_IDLE_DEFAULT_MINUTES * 60


def idle_seconds_left(request) -> int:
    """Seconds until the idle limit signs the user out, counted from the server's clock."""
    last_seen = getattr(request, "session", {}).get(LAST_SEEN, time.time())
    return max(0, round(last_seen + idle_limit_seconds(request.user) - time.time()))


def _return_to(request) -> str:
    """Where to go after signing in again: the page itself, or for a POST the form's page,
    so a draft kept in the browser is found there."""
    if request.method == "GET":
        return request.get_full_path()
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return urlsplit(referer).path
    return ""


class SessionLifetimeMiddleware:
    """Signs a user out after the organization's idle limit or the absolute lifetime."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            now = time.time()
            session = request.session
            login_at = session.get(LOGIN_AT, now)
            last_seen = session.get(LAST_SEEN, now)
            if (
                now - login_at > settings.SESSION_ABSOLUTE_SECONDS
                or now - last_seen > idle_limit_seconds(user)
            ):
                request.peerwell_sign_out_reason = "timeout"  # read by the audit signal
                back = _return_to(request)
                logout(request)
                if (
                    request.headers.get("HX-Request")
                    or request.path.startswith("/api/")
                    or request.path == reverse("keepalive")
                ):
                    return JsonResponse({"error": "session expired"}, status=401)
                query = {"timeout": 1, "next": back} if back else {"timeout": 1}
                return HttpResponseRedirect(reverse("login") + "?" + urlencode(query))
            if now - last_seen > LAST_SEEN_RESOLUTION or LAST_SEEN not in session:
                session[LAST_SEEN] = now
                session.setdefault(LOGIN_AT, now)
        response = self.get_response(request)
        if request.user.is_authenticated:
            response[IDLE_LEFT_HEADER] = str(idle_seconds_left(request))
        return response


# Paths a signed-in user may reach before the second factor is verified.
SECOND_FACTOR_OPEN = ("/static/", "/healthz", "/i18n/")


class RequireSecondFactorMiddleware:
    """Every role, funders included, passes TOTP after the password; whoever has no
    authenticator yet sets one up before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(SECOND_FACTOR_OPEN)
            and request.path not in {reverse("mfa_verify"), reverse("mfa_setup"), reverse("logout")}
        ):
            from django_otp import user_has_device

            target = "mfa_verify" if user_has_device(user) else "mfa_setup"
            return HttpResponseRedirect(
                reverse(target) + "?" + urlencode({"next": request.get_full_path()})
            )
        return self.get_response(request)


class NoStoreMiddleware:
    """Nothing a signed-in user sees is kept by the browser or a proxy cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True, max_age=0)
        return response
