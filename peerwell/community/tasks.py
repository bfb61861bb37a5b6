"""Background work of the community app. A task only triggers work whose state lives in
our own tables (the hours' source keys, the notices' sent dates), so losing or repeating
one changes nothing (DESIGN.md, "Background work")."""

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from .actions_hours import derive_hours
from .notices import send_expiry_notices

# The daily job looks back this far, so a few days without a worker are caught up.
DERIVE_LOOKBACK_DAYS = 14


@task()
def derive_volunteer_hours() -> int:
    """Pending hours from yesterday's (and earlier missed) calls and sessions."""
    since = timezone.localdate() - timedelta(days=DERIVE_LOOKBACK_DAYS)
    return derive_hours(by=None, since=since)


@task()
def send_certification_notices() -> int:
    """The 60- and 30-day expiry notices due today, each sent once."""
    return send_expiry_notices()
