"""Session safety: inactivity log-off, absolute lifetime, the second factor, no-store."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode

LOGIN_AT = "peerwell_login_at"
LAST_SEEN = "peerwell_last_seen"
# Writing the session on every request costs a query; a minute's precision is enough.
LAST_SEEN_RESOLUTION = 30


def idle_limit_seconds(user) -> int:
    if user.organization_id:
        return user.organization.idle_timeout_minutes * 60
    return settings.SESSION_IDLE_DEFAULT_MINUTES * 60


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
                logout(request)
                url = reverse("login") + "?" + urlencode({"timeout": 1})
                if request.headers.get("HX-Request") or request.path.startswith("/api/"):
                    return JsonResponse({"error": "session expired"}, status=401)
                return HttpResponseRedirect(url)
            if now - last_seen > LAST_SEEN_RESOLUTION or LAST_SEEN not in session:
                session[LAST_SEEN] = now
                session.setdefault(LOGIN_AT, now)
        return self.get_response(request)


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
