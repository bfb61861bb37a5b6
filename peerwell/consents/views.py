import csv
from datetime import timedelta

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from peerwell.audit.actions import record
from peerwell.audit.views import as_text
from peerwell.core.access import get_visible_or_404, staff_view
from peerwell.participants.access import open_record
from peerwell.participants.merge import ids_merged_into

from . import actions
from .forms import ConsentForm, DisclosureForm, EmergencyDisclosureForm
from .models import Consent, Disclosure
from .packet import build_packet

RECORD_ROLES = ("admin", "supervisor", "peer")
# Part 2 asks for every disclosure of the last three years (42 CFR 2.24, 2.31(a)(4)).
ACCOUNTING_DAYS = 3 * 365 + 1


@staff_view(*RECORD_ROLES)
def consent_list(request, participant_id):
    participant = open_record(request, participant_id)
    consents = Consent.objects.visible_to(request.user).filter(participant=participant)
    return render(
        request,
        "consents/list.html",
        {"participant": participant, "consents": consents.select_related("revoked_by")},
    )


@staff_view(*RECORD_ROLES)
def consent_new(request, participant_id):
    participant = open_record(request, participant_id)
    form = ConsentForm(request.POST or None, organization=request.user.organization)
    if request.method == "POST" and form.is_valid():
        actions.create_consent(request=request, participant=participant, form=form)
        messages.success(request, _("Consent recorded."))
        return redirect("consent_list", participant_id=participant.pk)
    return render(request, "consents/form.html", {"form": form, "participant": participant})


@staff_view(*RECORD_ROLES)
def consent_detail(request, participant_id, consent_id):
    """Every element of the consent, as the participant agreed to it; printable."""
    participant = open_record(request, participant_id)
    consent = get_visible_or_404(
        request,
        Consent.objects.select_related("participant"),
        pk=consent_id,
        participant=participant,
    )
    return render(request, "consents/detail.html", {"participant": participant, "consent": consent})


@staff_view(*RECORD_ROLES)
def consent_revoke(request, participant_id, consent_id):
    participant = open_record(request, participant_id)
    consent = get_visible_or_404(
        request, Consent.objects.all(), pk=consent_id, participant=participant
    )
    if request.method == "POST":
        actions.revoke_consent(request=request, consent=consent)
        messages.success(request, _("The consent is revoked."))
        return redirect("consent_list", participant_id=participant.pk)
    return render(request, "consents/revoke.html", {"participant": participant, "consent": consent})


def _valid_consents(request, participant):
    return (
        Consent.objects.visible_to(request.user)
        .filter(participant=participant)
        .valid()
        .order_by("signed_on", "id")
    )


def _disclosure_page(request, participant_id, *, make_form, disclose, show_form):
    """The disclosure form (made by `make_form(participant, data)`, drawn by
    `show_form(participant, form)`); once `disclose` has recorded the disclosure, a
    redirect to its packet, so a reload never discloses twice."""
    participant = open_record(request, participant_id)
    form = make_form(participant, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            disclosure = disclose(request=request, participant=participant, **form.cleaned_data)
        except actions.DisclosureRefused as refused:
            form.add_error(refused.field, str(refused))
        else:
            messages.success(request, _("Disclosure recorded."))
            return redirect("disclosure_packet", participant.pk, disclosure.pk)
    return show_form(participant, form)


@staff_view(*RECORD_ROLES)
def disclose(request, participant_id):
    def make_form(participant, data):
        return DisclosureForm(data, consents=_valid_consents(request, participant))

    def show_form(participant, form):
        return render(request, "consents/disclose.html", {"form": form, "participant": participant})

    return _disclosure_page(
        request,
        participant_id,
        make_form=make_form,
        disclose=actions.disclose,
        show_form=show_form,
    )


@staff_view(*RECORD_ROLES)
def disclose_emergency(request, participant_id):
    def show_form(participant, form):
        return render(
            request, "consents/emergency.html", {"form": form, "participant": participant}
        )

    return _disclosure_page(
        request,
        participant_id,
        make_form=lambda participant, data: EmergencyDisclosureForm(data),
        disclose=actions.disclose_in_emergency,
        show_form=show_form,
    )


def _accounting(request, participant):
    """Every disclosure of the last three years, newest first, and the start date."""
    since = timezone.now() - timedelta(days=ACCOUNTING_DAYS)
    disclosures = (
        Disclosure.objects.visible_to(request.user)
        # Disclosures are append-only, so those of records merged into this one stay theirs.
        .filter(
            participant__in=[participant.pk, *ids_merged_into(participant)],
            disclosed_at__gte=since,
        )
        .select_related("disclosed_by")
    )
    return disclosures, since


@staff_view(*RECORD_ROLES)
def accounting(request, participant_id):
    participant = open_record(request, participant_id)
    disclosures, since = _accounting(request, participant)
    return render(
        request,
        "consents/accounting.html",
        {
            "participant": participant,
            "disclosures": disclosures,
            "since": since,
            "printed": timezone.localdate(),
        },
    )


@staff_view(*RECORD_ROLES)
def accounting_export(request, participant_id):
    """The accounting as CSV, for the participant who asks for it (42 CFR 2.24). It is
    their own information going to them, not a disclosure under a consent; the export
    is audited like any other, naming the participant."""
    participant = open_record(request, participant_id)
    disclosures, since = _accounting(request, participant)
    rows = [
        [
            timezone.localtime(d.disclosed_at).isoformat(timespec="minutes"),
            d.recipient,
            ", ".join(str(label) for label in d.information_list),
            d.emergency_nature if d.is_emergency else d.purpose,
            _("Emergency, without consent") if d.is_emergency else _("No, with consent"),
            d.disclosed_by.full_name,
        ]
        for d in disclosures
    ]
    record(
        request=request,
        action="export",
        obj=participant,
        detail={"what": "accounting of disclosures", "rows": len(rows)},
    )
    header = [
        _("Date"),
        _("Recipient"),
        _("Information"),
        _("Purpose"),
        _("Emergency"),
        _("Disclosed by"),
    ]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="accounting-of-disclosures-{participant.pk}.csv"'
    )
    writer = csv.writer(response)
    for cells in [header, *rows]:
        writer.writerow([as_text(cell) for cell in cells])
    return response


@staff_view(*RECORD_ROLES)
def disclosure_packet(request, participant_id, disclosure_id):
    """What was sent with one disclosure: the page to print or save, and the accounting's
    link to it."""
    participant = open_record(request, participant_id)
    disclosure = get_visible_or_404(
        request,
        Disclosure.objects.select_related(
            "disclosed_by", "participant__organization", "consent__participant"
        ),
        pk=disclosure_id,
        participant__in=[participant.pk, *ids_merged_into(participant)],
    )
    return render(
        request,
        "consents/disclosed.html",
        {
            "participant": participant,
            "disclosure": disclosure,
            "packet": build_packet(disclosure, request.user),
        },
    )
