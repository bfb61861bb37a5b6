"""The bench's rows for referrals, measured in the subprocess that has set Django up
(measure.py): the referrals of the caseload participant with the most, the referral page
of a referral back to treatment (its flag and hand-off), the peer's follow-ups list with
the referrals due on it, and the organization's referral figures (the default 90 days
and the last 12 months)."""


def _participant(peer):
    """The peer's participant with the most referrals: the fullest list."""
    from django.db.models import Count

    from peerwell.participants.models import Participant

    found = (
        Participant.objects.caseload_of(peer)
        .annotate(n=Count("referrals"))
        .filter(n__gt=0)
        .order_by("-n", "pk")
        .first()
    )
    if found is None:
        raise SystemExit(
            "No participant with referrals in the bench peer's caseload: this database was "
            "seeded before referrals were; `bench/run.py --prepare` tops it up."
        )
    return found


def pages(signed_in, peer, supervisor) -> tuple[list, dict]:
    """(name, url, request, extra) rows for measure._run, and what they were run on."""
    from django.urls import reverse

    from peerwell.navigation.models import Referral

    participant = _participant(peer)
    as_peer, as_supervisor = signed_in(peer), signed_in(supervisor)
    referral = (
        Referral.objects.visible_to(peer)
        .filter(participant__assigned_peer=peer)
        .order_by("escalation_id", "-pk")  # one from a flag first, where there is one
        .first()
    )
    rows = [
        (
            "referrals: a participant's",
            reverse("referrals", args=[participant.pk]),
            as_peer.get,
            {},
        ),
        ("referrals: a referral", reverse("referral", args=[referral.pk]), as_peer.get, {}),
        ("referrals: follow-ups (peer)", reverse("follow_ups"), as_peer.get, {}),
        ("referrals: figures (supervisor)", reverse("referral_figures"), as_supervisor.get, {}),
        (
            "referrals: figures, 12 months (supervisor)",
            reverse("referral_figures") + "?days=365",
            as_supervisor.get,
            {},
        ),
    ]
    due = Referral.objects.to_follow_up().filter(participant__assigned_peer=peer).count()
    on = {"participant": participant.pk, "referrals": participant.n, "due": due}

    def refresh():
        from peerwell import testing

        testing.sign_in(as_peer, peer)
        testing.sign_in(as_supervisor, supervisor)

    on["refresh"] = refresh
    return rows, on
