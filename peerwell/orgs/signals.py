"""Sign-ins, failed sign-ins and sign-outs go to the audit trail."""

import time

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from peerwell.audit.actions import record
from peerwell.core.middleware import LAST_SEEN, LOGIN_AT


@receiver(user_logged_in)
def on_sign_in(sender, request, user, **kwargs):
    now = time.time()
    request.session[LOGIN_AT] = now
    request.session[LAST_SEEN] = now
    record(request=request, actor=user, action="sign_in")


@receiver(user_logged_out)
def on_sign_out(sender, request, user, **kwargs):
    if user is not None and request is not None:
        why = getattr(request, "peerwell_sign_out_reason", "")
        record(request=request, actor=user, action="sign_out", detail={"why": why} if why else {})


@receiver(user_login_failed)
def on_sign_in_failed(sender, credentials, request=None, **kwargs):
    from .models import User

    email = str(credentials.get("username") or credentials.get("email") or "")[:254].lower()
    user = User.objects.filter(email=email).select_related("organization").first()
    record(
        request=request,
        actor=user,
        organization=user.organization if user else None,
        action="sign_in_failed",
        detail={"email": email},
    )
