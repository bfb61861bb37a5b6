from django.conf import settings
from django.utils.crypto import salted_hmac

from .middleware import idle_seconds_left


def shell(request):
    """What the base layout needs: the inactivity limit and the seconds left of it for the
    log-off warning, the key under which the browser keeps this user's form drafts, and
    the emergency access in force on this page of a record (participants/access.py)."""
    user = getattr(request, "user", None)
    idle = settings.SESSION_IDLE_DEFAULT_MINUTES
    context = {
        "demo_mode": settings.DEMO,
        "emergency_access": getattr(request, "peerwell_emergency_access", ()),
    }
    if user is not None and user.is_authenticated:
        if user.organization_id:
            idle = user.organization.idle_timeout_minutes
        context["idle_seconds_left"] = idle_seconds_left(request)
        # Not the user's id itself: the browser's storage needs only to tell users apart.
        context["draft_key"] = salted_hmac("peerwell.drafts", user.pk).hexdigest()[:16]
    context["idle_timeout_seconds"] = idle * 60
    return context
