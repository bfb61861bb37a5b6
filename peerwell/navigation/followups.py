"""What a peer's follow-up list shows of their caseload's referrals: those sent or
accepted whose follow-up date has come, oldest first, until someone closes them. One
bounded query, however many there are."""

from django.utils import timezone

from peerwell.audit.actions import record_many

from .models import Referral

REFERRALS_SHOWN = 25
NAME_FIELDS = ("first_name", "last_name", "preferred_name")


def referrals_to_follow_up(user, today=None) -> list[Referral]:
    """Open referrals of the user's caseload whose follow-up date has come."""
    return list(
        Referral.objects.visible_to(user)
        .to_follow_up(today or timezone.localdate())
        .filter(participant__assigned_peer=user, participant__merged_into__isnull=True)
        .select_related("participant")
        .only(
            "id",
            "kind",
            "need",
            "status",
            "provider_name",
            "follow_up_on",
            "sent_at",
            "participant_id",
            *(f"participant__{name}" for name in NAME_FIELDS),
        )
        .order_by("follow_up_on", "id")[:REFERRALS_SHOWN]
    )


def open_for_caseload_referrals(request, referrals) -> None:
    """Audits the parts of records the list shows (of the user's own caseload, so the
    caseload rule holds); one query for all, and one "list" row when there are none, so
    the page's query count is the same whatever it shows."""
    participants = list({r.participant_id: r.participant for r in referrals}.values())
    record_many(
        request=request,
        action="view" if participants else "list",
        participants=participants,
        detail={"page": "follow_ups", "referrals": [r.pk for r in referrals]},
    )
