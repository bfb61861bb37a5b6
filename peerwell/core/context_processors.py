from django.conf import settings


def shell(request):
    """What the base layout needs: the inactivity timeout for the log-off warning, and
    the emergency access in force on this page of a record (participants/access.py)."""
    user = getattr(request, "user", None)
    idle = settings.SESSION_IDLE_DEFAULT_MINUTES
    if user is not None and user.is_authenticated and user.organization_id:
        idle = user.organization.idle_timeout_minutes
    return {
        "idle_timeout_seconds": idle * 60,
        "demo_mode": settings.DEMO,
        "emergency_access": getattr(request, "peerwell_emergency_access", ()),
    }
