"""Referral pages: make one from the participant's record (a directory service or a
provider typed in), the participant's referrals, one referral with its status changes,
sending it with the participant's information (under a consent) as FHIR, and the figures.

Every page of a referral is part of the participant's record: opened through
`open_record`, so the caseload rule and the audit row apply."""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from peerwell.audit.actions import record
from peerwell.checkins.models import Escalation
from peerwell.checkins.models.escalations import EscalationKind
from peerwell.consents import actions as consents
from peerwell.consents.models import Consent, Information
from peerwell.core.access import get_visible_or_404, staff_view
from peerwell.core.paging import uncounted_page
from peerwell.participants.access import open_record

from . import actions, fhir
from . import figures as referral_figures_of
from .forms_referrals import MoveForm, PeriodForm, ReferralForm, Send, ShareForm
from .models import STATUS_DATE_FIELDS, Need, Referral, ReferralKind, ReferralStatus, Service

RECORD_ROLES = ("admin", "supervisor", "peer")
SUPERVISORS = ("admin", "supervisor")
PAGE_SIZE = 25
SHOWN_ON_RECORD = 5
NO_CONSENT = gettext_lazy(
    "No valid consent covers referral details. Record the participant's consent naming "
    'the provider and "Referral details" first; nothing has been sent.'
)
# Never decrypted for a list: the note and the reason are shown on the referral's page.
SECRET_FIELDS = ("note", "reason")


def record_section(user, participant) -> dict:
    """What the participant's record shows of referrals: the latest few and the links."""
    latest = list(
        Referral.objects.visible_to(user)
        .filter(participant=participant)
        .defer(*SECRET_FIELDS)[: SHOWN_ON_RECORD + 1]
    )
    return {
        "latest": latest[:SHOWN_ON_RECORD],
        "more": len(latest) > SHOWN_ON_RECORD,
        "new_url": reverse("referral_new", args=[participant.pk]),
        "all_url": reverse("referrals", args=[participant.pk]),
        "find_url": f"{reverse('directory_search')}?participant={participant.pk}",
    }


def _service(value):
    """The directory service `?service=` names, or None (a malformed id is none)."""
    try:
        return Service.objects.filter(pk=value).first()
    except (ValidationError, ValueError, TypeError):
        return None


def _escalation(request, participant, value):
    """The recurrence escalation about this participant a referral back to treatment
    answers ("Refer back to treatment" on its page), or None."""
    if not str(value or "").isdigit():
        return None
    return (
        Escalation.objects.visible_to(request.user)
        .filter(pk=int(value), participant=participant, kind=EscalationKind.RECURRENCE)
        .first()
    )


@staff_view(*RECORD_ROLES)
def referral_new(request, participant_id):
    participant = open_record(request, participant_id)
    source = request.POST if request.method == "POST" else request.GET
    service = _service(source.get("service")) if source.get("service") else None
    escalation = _escalation(request, participant, source.get("escalation"))
    initial = {"service": service.pk if service else None}
    if service is not None:
        # The need its taxonomy term names, when the directory's needs taxonomy tags it.
        codes = service.attributes.values_list("taxonomy_term__code", flat=True)
        initial["need"] = next((c for c in codes if c in Need.values), Need.HOUSING)
    if escalation is not None:
        initial.update(escalation=escalation.pk, kind=ReferralKind.BACK_TO_TREATMENT)
    form = ReferralForm(request.POST or None, initial=initial, service=service)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral = actions.create_referral(
                by=request.user,
                participant=participant,
                need=data["need"],
                kind=data["kind"],
                service=service,
                provider_name=data["provider_name"],
                provider_contact=data["provider_contact"],
                note=data["note"],
                warm_handoff=data["warm_handoff"],
                follow_up_days=data["follow_up_days"],
                send_now=data["send"] == Send.NOW,
                escalation=escalation,
                origin=request,
            )
        except actions.ReferralRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("Referral recorded."))
            return redirect("referral", referral_id=referral.pk)
    context = {
        "form": form,
        "participant": participant,
        "service": service,
        "escalation": escalation,
        "find_url": f"{reverse('directory_search')}?participant={participant.pk}",
    }
    return render(request, "navigation/referral_form.html", context)


@staff_view(*RECORD_ROLES)
def referrals(request, participant_id):
    """The participant's referrals, newest first."""
    participant = open_record(request, participant_id)
    rows = Referral.objects.visible_to(request.user).filter(participant=participant)
    page = uncounted_page(rows.defer(*SECRET_FIELDS), request.GET.get("page"), PAGE_SIZE)
    context = {"participant": participant, "page": page, "query": ""}
    context.update(record_section(request.user, participant))
    return render(request, "navigation/referrals.html", context)


def _open_referral(request, referral_id):
    referral = get_visible_or_404(
        request,
        Referral.objects.select_related("made_by", "escalation", "service", "disclosure"),
        pk=referral_id,
    )
    referral.participant = open_record(request, referral.participant_id)
    return referral


def _history(referral) -> list:
    """Each status the referral reached, with its date, in order."""
    steps = [(ReferralStatus.PROPOSED.label, referral.proposed_at)]
    if referral.sent_at:
        steps.append((ReferralStatus.SENT.label, referral.sent_at))
    if referral.accepted_at:
        steps.append((ReferralStatus.ACCEPTED.label, referral.accepted_at))
    if referral.closed_at:
        steps.append((referral.get_status_display(), referral.closed_at))
    return steps


def _ids(to: str) -> str:
    """Each status button's form its own field ids: the page holds several."""
    return f"id_{slugify(to)}_%s"


def _move_forms(referral, bound=None) -> list:
    """One form per status the referral may move to now; `bound` (refused input) takes
    the place of its own."""
    forms = []
    for to in actions.allowed_moves(referral):
        if bound is not None and bound.data.get("to") == to:
            form = bound
        else:
            form = MoveForm(initial={"to": to, "version": referral.version}, auto_id=_ids(to))
        form.status = to
        form.label = ReferralStatus(to).label
        form.asks_reason = to in (ReferralStatus.DECLINED, ReferralStatus.NOT_COMPLETED)
        form.reason_required = to in actions.REASON_REQUIRED
        forms.append(form)
    return forms


@staff_view(*RECORD_ROLES)
def referral(request, referral_id):
    """One referral: its provider, need, status history and the buttons that move it on.
    A status change is refused, saying why, if the page was stale or the status does not
    allow it; nothing is applied twice."""
    found = _open_referral(request, referral_id)
    bound = None
    if request.method == "POST":
        bound = MoveForm(request.POST, auto_id=_ids(request.POST.get("to", "")))
        if bound.is_valid():
            data = bound.cleaned_data
            try:
                actions.move_referral(
                    by=request.user,
                    referral=found,
                    to=data["to"],
                    version=data["version"],
                    reason=data["reason"],
                    origin=request,
                )
            except actions.ReferralRefused as refused:
                messages.error(request, str(refused))
            else:
                label = ReferralStatus(data["to"]).label
                messages.success(request, _("Marked %(status)s.") % {"status": label.lower()})
            return redirect("referral", referral_id=found.pk)
    handoff = found.days_to_handoff
    context = {
        "referral": found,
        "participant": found.participant,
        "history": _history(found),
        "moves": _move_forms(found, bound),
        "handoff_hours": handoff.total_seconds() / 3600 if handoff is not None else None,
        "date_field": STATUS_DATE_FIELDS,
    }
    return render(request, "navigation/referral.html", context)


def _covering_consents(request, participant):
    return (
        Consent.objects.visible_to(request.user)
        .filter(participant=participant)
        .valid()
        .covering([Information.REFERRALS])
        .order_by("signed_on", "id")
    )


@staff_view(*RECORD_ROLES)
def referral_share(request, referral_id):
    """Send with the participant's information: a recipient the participant's consent
    names for referral details, and the purpose. The disclosure is recorded (the
    accounting lists it) and the referral's FHIR file can be downloaded. Without such a
    consent nothing is recorded and the page says why."""
    found = _open_referral(request, referral_id)
    participant = found.participant
    form = ShareForm(
        request.POST or None,
        initial={"recipient": found.provider_name},
        consents=_covering_consents(request, participant),
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.share_referral(
                request=request,
                referral=found,
                participant=participant,
                recipient=form.cleaned_data["recipient"],
                purpose=form.cleaned_data["purpose"],
            )
        except consents.DisclosureRefused as refused:
            form.add_error("recipient", str(refused))
        else:
            messages.success(request, _("Disclosure recorded. Download the FHIR file to send it."))
            return redirect("referral", referral_id=found.pk)
    context = {
        "form": form,
        "referral": found,
        "participant": participant,
        "no_consent": NO_CONSENT,
    }
    return render(request, "navigation/referral_share.html", context)


@staff_view(*RECORD_ROLES)
def referral_fhir(request, referral_id):
    """The FHIR file of the referral, under the disclosure it was sent with: fetched
    again, it discloses nothing more. Not sent yet: to the page that sends it."""
    found = _open_referral(request, referral_id)
    if found.disclosure is None:
        messages.info(request, _("Send it with the participant's information first."))
        return redirect("referral_share", referral_id=found.pk)
    record(
        request=request,
        action="export",
        obj=found,
        participant=found.participant,
        detail={"disclosure": found.disclosure_id, "format": "FHIR R4 Bundle"},
    )
    body = fhir.bundle(found, notice=found.disclosure.notice)
    response = HttpResponse(
        json.dumps(body, indent=2, ensure_ascii=False), content_type="application/fhir+json"
    )
    response["Content-Disposition"] = f'attachment; filename="referral-{found.pk}.json"'
    return response


@staff_view(*SUPERVISORS)
def referral_figures(request):
    """Referrals by need and status, completion, and back to treatment, over a period."""
    form = PeriodForm(request.GET or None)
    context = referral_figures_of.figures_for(request.user, days=form.period())
    context["form"] = form
    return render(request, "navigation/figures.html", context)
