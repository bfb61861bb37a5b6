"""System checks for texts and the worker: a setting that would only fail when the first
text goes out, or when the clock first ticks, fails at start instead."""

from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured

TWILIO_SETTINGS = ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM_NUMBER")


@register()
def check_sms_backend(app_configs, **kwargs):
    if settings.SMS_BACKEND != "twilio":
        return []
    missing = [name for name in TWILIO_SETTINGS if not getattr(settings, name)]
    if not missing:
        return []
    return [
        Error(
            f"SMS_BACKEND is twilio but {', '.join(missing)} is not set.",
            hint="Set them from the Twilio console (README, 'Background work and messages').",
            id="peerwell.E101",
        )
    ]


@register()
def check_periodic_tasks(app_configs, **kwargs):
    from peerwell.core.worker import periodic_jobs

    try:
        periodic_jobs()
    except ImproperlyConfigured as error:
        return [Error(str(error), id="peerwell.E102")]
    return []
