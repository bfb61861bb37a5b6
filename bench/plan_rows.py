"""The bench's rows for wellness plans and assessments, measured in the subprocess that
has set Django up (measure.py): the record of a caseload participant with a plan and the
longest BARC-10 trend, their plan (page, versions, printout), the due and overdue list
for the peer and the supervisor, the organization's figures, and a FHIR export."""


def _participant(peer):
    """The peer's participant with a current plan and the most administrations: the
    fullest plan and trend sections."""
    from django.db.models import Count

    from peerwell.participants.models import Participant

    found = (
        Participant.objects.caseload_of(peer)
        .filter(wellness_plans__is_current=True)
        .annotate(n=Count("assessments", distinct=True))
        .order_by("-n", "pk")
        .first()
    )
    if found is None:
        raise SystemExit(
            "No participant with a wellness plan in the bench peer's caseload: this database "
            "was seeded before plans were; `bench/run.py --prepare` tops it up."
        )
    return found


def _export(supervisor):
    """A FHIR export made once (untimed) through the consent-checked path, for its file
    to be fetched again in each round: the newest complete administration of the
    organization whose participant has a valid consent naming assessments."""
    from peerwell.assessments.models import Administration
    from peerwell.consents.models import Consent, Information

    consents = (
        Consent.objects.visible_to(supervisor)
        .valid()
        .covering([Information.ASSESSMENTS])
        .filter(participant__merged_into__isnull=True)
        .order_by("-pk")
    )
    for consent in consents[:50]:
        administration = (
            Administration.objects.visible_to(supervisor)
            .filter(participant_id=consent.participant_id, complete=True)
            .order_by("-administered_on", "-pk")
            .first()
        )
        if administration:
            return consent, administration
    return None, None


def pages(signed_in, peer, supervisor) -> tuple[list, dict]:
    """(name, url, request, extra) rows for measure._run, and what they were run on.
    `signed_in(user)` gives a signed-in test client."""
    from django.urls import reverse

    participant = _participant(peer)
    as_peer, as_supervisor = signed_in(peer), signed_in(supervisor)
    pid = participant.pk
    rows = [
        ("plans: participant (plan and trend)", f"/participants/{pid}/", as_peer.get, {}),
        ("plans: the plan", reverse("plan_detail", args=[pid]), as_peer.get, {}),
        ("plans: versions", reverse("plan_versions", args=[pid]), as_peer.get, {}),
        ("plans: printout", reverse("plan_print", args=[pid]), as_peer.get, {}),
        (
            "assessments: a participant's",
            reverse("participant_assessments", args=[pid]),
            as_peer.get,
            {},
        ),
        ("assessments: due and overdue (peer)", reverse("assessments_due"), as_peer.get, {}),
        (
            "assessments: due and overdue (supervisor)",
            reverse("assessments_due"),
            as_supervisor.get,
            {},
        ),
        (
            "assessments: figures (supervisor)",
            reverse("assessment_figures"),
            as_supervisor.get,
            {},
        ),
    ]
    on = {"participant": pid, "administrations": participant.n}
    consent, administration = _export(supervisor)
    if administration is not None:
        recipient = consent.recipient.splitlines()[0].strip()
        made = as_supervisor.post(
            reverse("assessment_export", args=[administration.participant_id, administration.pk]),
            {"recipient": recipient, "purpose": "Coordinate care (bench)."},
        )
        if made.status_code != 302:
            raise SystemExit(f"The FHIR export was refused ({made.status_code}).")
        name = "assessments: FHIR export (supervisor)"
        rows.append((name, made["Location"], as_supervisor.get, {}))
        on["export"] = made["Location"]

    def refresh():
        from peerwell import testing

        testing.sign_in(as_peer, peer)
        testing.sign_in(as_supervisor, supervisor)

    on["refresh"] = refresh
    return rows, on
