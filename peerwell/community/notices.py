"""Expiry notices for staff certifications, 60 and 30 days before the date.

Each notice is claimed with a conditional UPDATE (`notice_60_sent_on` still empty ->
today): "0 rows" means another worker sent it, so two workers, or the job run twice, send
once. The email goes to the holder once the claim commits; the supervisors see the same
line on the certifications page (the sent dates), so nothing else is stored."""

import logging
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .models import Certification

logger = logging.getLogger("peerwell.community")

# Days before expiry, and the field that says the notice went.
NOTICES = ((30, "notice_30_sent_on"), (60, "notice_60_sent_on"))


def _claim(certification_id: int, field: str, today: date) -> bool:
    return (
        Certification.objects.filter(pk=certification_id, **{f"{field}__isnull": True}).update(
            **{field: today}
        )
        == 1
    )


def _email(certification, days_left: int) -> None:
    holder = certification.holder
    if not holder.email or not holder.is_active:
        return
    context = {
        "certification": certification,
        "days_left": days_left,
        "link": settings.SITE_URL.rstrip("/") + reverse("community_certifications"),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("community/people/email/expiry_subject.txt", context).strip()
        body = render_to_string("community/people/email/expiry.txt", context)

    def send():
        try:
            send_mail(subject, body, None, [holder.email])
        except Exception:  # the claim stands: a notice sent twice is worse than a log line
            logger.exception("Expiry notice for certification %s not sent", certification.pk)

    transaction.on_commit(send)


def send_expiry_notices(*, today: date | None = None) -> int:
    """Sends the notices due today, each once; returns how many went. A certification
    found inside 30 days gets only the 30-day notice (the 60-day one is marked too)."""
    today = today or timezone.localdate()
    sent = 0
    for days, field in NOTICES:
        due = Certification.objects.filter(
            expires_on__gt=today,
            expires_on__lte=today + timedelta(days=days),
            **{f"{field}__isnull": True},
        ).select_related("holder")
        for certification in due.order_by("expires_on", "id"):
            with transaction.atomic():
                if not _claim(certification.pk, field, today):
                    continue
                if days == 30:
                    _claim(certification.pk, "notice_60_sent_on", today)
                _email(certification, (certification.expires_on - today).days)
            sent += 1
    return sent
