"""Opening a participant's record: one check for every page that shows it."""

from django.shortcuts import redirect

from peerwell.core.access import get_visible_or_404

from .actions import can_open_record
from .models import Participant


def open_record(request, participant_id, queryset=None):
    """(participant, None), or (participant, a redirect to emergency access) for a peer
    opening someone outside their caseload. Other organizations' ids are a 404."""
    queryset = Participant.objects.all() if queryset is None else queryset
    participant = get_visible_or_404(request, queryset, pk=participant_id)
    if not can_open_record(request, participant):
        return participant, redirect("participant_emergency", participant_id=participant.pk)
    return participant, None
